#include "planner.h"

#include <algorithm>
#include <future>
#include <set>

#include "connection_budget.h"
#include "connection_ordering.h"
#include "connection_walk.h"
#include "domain/certmanager/certificate_planner.h"
#include "domain/element/element_planner.h"
#include "domain/minio/minio_planner.h"
#include "domain/monitoring/monitoring_planner.h"
#include "domain/postgres/postgres_planner.h"
#include "domain/redis/redis_planner.h"
#include "domain/synapse/synapse_planner.h"
#include "health_warnings.h"
#include "safeguards.h"

namespace synops {

namespace {

// The resourceVersion of every object a step acts on, so a saved plan can be refused when
// any of them changed before it is applied; "" for one a step creates.
void record_reads(Plan& plan, const LiveState& live) {
  std::set<ObjectRef> seen;
  for (const auto& action : plan.actions) {
    const LiveObject* object = live.find(action.target);
    // An object a step creates is read as absent (no resourceVersion): it must still be absent.
    if ((object != nullptr || action.type == ActionType::create) && seen.insert(action.target).second)
      plan.reads.push_back({action.target, object ? object->resource_version : std::string()});
  }
  std::ranges::sort(plan.reads);
}

}  // namespace

Result<PlanDraft> draft_deployment_plan(const Desired& desired, const LiveState& live, const PlanOptions& options) {
  Diagnostics problems;
  // 1. Each planner diffs its objects and proposes steps, edges and refusals.
  SynapsePlan synapse = plan_synapse(desired, live, problems, {.allow_critical = options.allow_critical});
  const auto* contexts = options.postgres_contexts ? &*options.postgres_contexts : nullptr;
  PostgresPlan postgres =
      plan_postgres(desired, live, {.allow_critical = options.allow_critical, .server_contexts = contexts}, problems);
  PlanDraft draft = std::move(synapse.draft);
  draft.append(std::move(postgres.draft));
  draft.append(plan_minio(desired, live, problems));
  draft.append(plan_redis(desired, live, problems));
  draft.append(plan_certificates(desired, live, problems));
  draft.append(plan_element(desired, live, problems));
  draft.append(plan_monitoring(desired, live, problems));
  if (!problems.empty()) return fail(std::move(problems));
  // 2. Rules that span planners.
  if (postgres.facts) add_connection_ordering(draft, synapse.facts, *postgres.facts);
  // 3. The guide's safeguards around the change.
  add_backups(draft, desired, live);
  add_maintenance_mode(draft, desired);
  // 4. Rules on the finished order: the budget after the plan and after every step of it.
  if (postgres.facts) {
    if (auto refusal = check_connection_budget(synapse.facts, *postgres.facts)) draft.refusals.push_back(*refusal);
    if (auto refusal = check_connection_budget_per_step(draft, synapse.facts, *postgres.facts)) draft.refusals.push_back(*refusal);
  }
  return draft;
}

namespace {

Result<Plan> finish_with_warnings(PlanDraft draft, const LiveState& live, std::vector<HealthWarning> warnings) {
  auto plan = build_plan(std::move(draft), live.fingerprint());
  if (plan) {
    record_reads(*plan, live);
    plan->health_warnings = std::move(warnings);
  }
  return plan;
}

}  // namespace

Result<Plan> finish_deployment_plan(PlanDraft draft, const LiveState& live) {
  return finish_with_warnings(std::move(draft), live, health_warnings(live));
}

Result<Plan> plan_deployment(const Desired& desired, const LiveState& live, const PlanOptions& options) {
  // Only reading: both passes may read the same bodies, which materialize once (live_state.h).
  auto warnings = std::async(std::launch::async, [&live] { return health_warnings(live); });
  auto draft = draft_deployment_plan(desired, live, options);
  if (!draft) return std::unexpected(draft.error());
  return finish_with_warnings(std::move(*draft), live, warnings.get());
}

}  // namespace synops
