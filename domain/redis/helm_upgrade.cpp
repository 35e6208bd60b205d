#include "helm_upgrade.h"

namespace synops::apply {

std::optional<std::string> HelmUpgrade::refusal(const Action& action) const {
  return "apply cannot change " + action.target.str() + " yet (helm upgrade is not automated)";
}

Result<nlohmann::json> HelmUpgrade::act(ActuationContext&, const StepRun& step) const {
  return fail(step.action.id + ": helm upgrade is not automated by this synops");
}

}  // namespace synops::apply
