#include "monitoring_planner.h"

#include "adapters/helm/helm_release.h"
#include "domain/planning_kit/live_lookup.h"
#include "domain/planning_kit/update_and_wait.h"
#include "domain/redis/helm_release_wait.h"
#include "engine/json_pointer.h"

namespace synops {

namespace {

constexpr const char* kChartVersion = "/chart/metadata/version";

// The guide backs up Grafana's dashboards and datasources first (§2.6). What synops can copy
// without running anything in Grafana's pod is the release as helm stores it: its values
// (provisioned datasources and dashboards among them) and its chart, to roll back to.
Action release_copy(const ObjectRef& release) {
  return Action{.key = "backup " + release.str() + " " + std::string(to_string(BackupMethod::object_copy)),
                .type = ActionType::backup,
                .target = release,
                .risk = Risk::low,
                .reason = "copy of " + release.str() + " as helm stores it now (its values and chart), to restore from (§2.6)",
                .backup_method = BackupMethod::object_copy};
}

void plan_release(const MonitoringRelease& release, const std::string& ns, const LiveState& live, PlanDraft& draft,
                  Diagnostics& problems) {
  auto helm = read_helm_release(live, ns, release.name.value);
  if (!helm) {
    for (const auto& problem : helm.error())
      problems.push_back({release.name.at, "monitoring.releases." + release.name.value + ": " + problem.message});
    return;
  }
  const nlohmann::json current = value_at(helm->release, kChartVersion);
  if (current == release.version.value) return;
  const ObjectRef target{"HelmRelease", ns, release.name.value};
  Action& update = add_update_and_wait(
      draft, {target,
              {{{kChartVersion, ""}, current, release.version.value, false,
                "monitoring.releases." + release.name.value + ".version in " + release.version.at.str(), release.version.at}},
              Risk::low,
              "helm upgrade of revision " + std::to_string(helm->revision) + " to chart " + release.chart.value + " version " +
                  release.version.value + ", keeping the release's values (§2.6; monitoring only, no downtime)",
              "wait until " + target.str() + " " + kHelmReleaseWaitPromise});
  update.helm = HelmRevision{helm->revision, helm->release.value("/chart/metadata/name"_json_pointer, std::string())};
  const std::string update_key = update.key;
  Action copy = release_copy(target);
  draft.edges.push_back({copy.key, update_key, "backup-before-upgrade"});
  draft.actions.push_back(std::move(copy));
}

void plan_workload(const MonitoringWorkload& entry, const std::string& ns, const LiveState& live, PlanDraft& draft,
                   Diagnostics& problems) {
  const WorkloadRef& ref = entry.workload;
  const LiveObject* workload = require_live(live, {ref.kind.value, ns, ref.name.value}, ref.at, problems);
  if (!workload) return;
  const int container = require_container(*workload, ref.container, ref.at, problems);
  if (container < 0) return;
  const std::string pointer = "/spec/template/spec/containers/" + std::to_string(container) + "/image";
  if (!live_string_or_absent(*workload, pointer, ref.at, problems)) return;
  const nlohmann::json current = value_at(workload->body, pointer);
  if (current == entry.image.value) return;
  Action& update = add_update_and_wait(
      draft, {workload->ref,
              {{{pointer, ""}, current, entry.image.value, false, "the image of " + ref.name.value + " in " + entry.image.at.str(),
                entry.image.at}},
              Risk::low, "roll " + ref.name.value + " to the new image (§2.6; monitoring only, no downtime)"});
  update.restarts_pods = true;
}

}  // namespace

PlanDraft plan_monitoring(const Desired& desired, const LiveState& live, Diagnostics& problems) {
  PlanDraft draft;
  if (!desired.monitoring) return draft;
  const std::string& ns = desired.monitoring->ns.value;
  for (const auto& release : desired.monitoring->releases) plan_release(release, ns, live, draft, problems);
  for (const auto& workload : desired.monitoring->workloads) plan_workload(workload, ns, live, draft, problems);
  return draft;
}

}  // namespace synops
