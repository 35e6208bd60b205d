#include "upgrade_verify.h"

#include <fmt/format.h>

#include "synapse_version.h"

namespace synops::apply {

namespace {

// The workloads the upgrade rolled: the targets of the waits the verify step comes after.
std::vector<ObjectRef> rolled_workloads(const Plan& plan, const Action& verify) {
  std::vector<ObjectRef> rolled;
  for (const auto& dependency : verify.depends_on) {
    if (dependency.rule != "verify-after-upgrade") continue;
    for (const auto& action : plan.actions)
      if (action.id == dependency.id && std::ranges::find(rolled, action.target) == rolled.end()) rolled.push_back(action.target);
  }
  return rolled;
}

}  // namespace

Result<nlohmann::json> UpgradeVerify::act(ActuationContext& context, const StepRun& step) const {
  size_t checked = 0;
  for (const auto& action : step.plan.actions) {
    auto verified = step.actuators(action).verify(context, action);
    if (!verified) return std::unexpected(verified.error());
    if (*verified) ++checked;
  }
  int pods = 0;
  for (const auto& workload : rolled_workloads(step.plan, step.action)) {
    auto answered = check_reported_versions(context, workload);
    if (!answered) return std::unexpected(answered.error());
    pods += *answered;
  }
  context.progress(fmt::format("{} — {} upgraded workloads run their new image and are ready; {} Synapse pods report the version "
                               "of their image",
                               step.label, checked, pods));
  return nlohmann::json{{"workloads_checked", checked}, {"pods_checked", pods}};
}

}  // namespace synops::apply
