#include "drift_finder.h"

#include <algorithm>

#include "config_in_effect.h"
#include "field_drift.h"
#include "ignore_rules.h"
#include "image_drift.h"
#include "instance_map_drift.h"
#include "postgres_drift.h"
#include "stages/plan/planner.h"

namespace synops {

namespace {

void append(std::vector<DriftItem>& to, std::vector<DriftItem> items) {
  to.insert(to.end(), std::make_move_iterator(items.begin()), std::make_move_iterator(items.end()));
}

std::vector<std::string> refusal_warnings(const Plan& plan) {
  std::vector<std::string> out;
  for (const auto& refusal : plan.refusals)
    out.push_back((refusal.where.known() ? refusal.where.str() + ": " : "") + "[" + refusal.rule + "] " + refusal.message);
  return out;
}

}  // namespace

Result<DriftReport> find_drift(const Desired& desired, const LiveState& live,
                               const std::optional<std::vector<PgSetting>>& pg_settings) {
  DriftReport report;
  // 1. Owned fields: what a plan would change; its refusals become warnings, not drift.
  auto plan = plan_deployment(desired, live, PlanOptions{});
  if (!plan) return std::unexpected(plan.error());
  append(report.items, field_drift(*plan));
  report.warnings = refusal_warnings(*plan);
  // 2. Effective state of the workloads: images running and config in effect.
  const auto workloads = managed_workloads(desired, live);
  const WorkloadPods pods(live);
  append(report.items, image_drift(workloads, pods));
  append(report.items, config_in_effect_drift(desired, workloads, pods, live, report.notes));
  // 3. The live homeserver.yaml as Synapse will check it at the next start.
  auto instance_map = instance_map_drift(desired, live);
  if (!instance_map) return std::unexpected(instance_map.error());
  append(report.items, std::move(*instance_map));
  // 4. What the PostgreSQL server has in effect, when it was read.
  if (pg_settings) append(report.items, postgres_drift(desired, *pg_settings));
  // 5. What the operator accepted, then a stable order.
  report.ignored = apply_ignore_rules(desired.drift.ignore, report.items);
  std::ranges::sort(report.items, drift_item_before);
  return report;
}

}  // namespace synops
