#include "upgrade_verify.h"

#include <fmt/format.h>

namespace synops::apply {

Result<nlohmann::json> UpgradeVerify::act(ActuationContext& context, const StepRun& step) const {
  size_t checked = 0;
  for (const auto& action : step.plan.actions) {
    auto verified = step.actuators(action).verify(context, action);
    if (!verified) return std::unexpected(verified.error());
    if (*verified) ++checked;
  }
  context.progress(fmt::format("{} — {} upgraded workloads run their new image and are ready (Synapse's /health is not queried)",
                               step.label, checked));
  return nlohmann::json{{"workloads_checked", checked}};
}

}  // namespace synops::apply
