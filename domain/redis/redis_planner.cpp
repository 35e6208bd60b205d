#include "redis_planner.h"

#include "adapters/helm/helm_release.h"
#include "domain/planning_kit/live_lookup.h"
#include "domain/planning_kit/update_and_wait.h"
#include "helm_release_wait.h"
#include "engine/json_pointer.h"

namespace synops {

namespace {

template <class T>
void compare_value(const nlohmann::json& values, const char* pointer, const char* manifest_key,
                   const std::optional<Located<T>>& wanted, const RedisRelease& release, std::vector<Change>& out) {
  if (!wanted) return;
  const nlohmann::json live = value_at(values, pointer);
  if (live == wanted->value) return;
  out.push_back({{std::string("/values") + pointer, ""}, live, wanted->value, false,
                 "redis.releases." + release.name.value + "." + manifest_key + " in " + wanted->at.str(), wanted->at});
}

// What the reviewer approves the upgrade with: redis.yaml's chart, or the one the release stores.
std::string chart_used(const RedisRelease& release, const nlohmann::json& deployed) {
  if (release.chart)
    return "chart " + release.chart->value + (release.version ? " version " + release.version->value : " (its newest version)");
  const auto& metadata = deployed.value("/chart/metadata"_json_pointer, nlohmann::json::object());
  return "the chart the release stores (" + metadata.value("name", std::string("?")) + " " + metadata.value("version", std::string("?")) + ")";
}

}  // namespace

PlanDraft plan_redis(const Desired& desired, const LiveState& live, Diagnostics& problems) {
  PlanDraft draft;
  for (const auto& release : desired.redis) {
    auto helm = read_helm_release(live, desired.ns.value, release.name.value);
    if (!helm) {
      for (auto problem : helm.error()) problems.push_back({release.name.at, problem.message});
      continue;
    }
    const nlohmann::json values = helm->effective_values();
    std::vector<Change> changes;
    compare_value(values, kHelmImageTag, "imageTag", release.image_tag, release, changes);
    compare_value(values, kHelmReplicas, "replicas", release.replicas, release, changes);
    if (changes.empty()) continue;
    Action& update = add_update_and_wait(
        draft, {ObjectRef{"HelmRelease", desired.ns.value, release.name.value}, std::move(changes), Risk::low,
                "helm upgrade --reuse-values of revision " + std::to_string(helm->revision) + " with the changed values, " +
                    chart_used(release, helm->release) + " (§2.3, §4.4)",
                "wait until " + ObjectRef{"HelmRelease", desired.ns.value, release.name.value}.str() + " " + kHelmReleaseWaitPromise});
    update.helm = HelmRevision{helm->revision, helm->release.value("/chart/metadata/name"_json_pointer, std::string())};
  }
  return draft;
}

}  // namespace synops
