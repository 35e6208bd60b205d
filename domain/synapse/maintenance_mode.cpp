#include "maintenance_mode.h"

namespace synops::apply {

std::optional<std::string> MaintenanceMode::refusal(const Action&) const {
  return "maintenance mode (§6.2) is not automated by this synops; apply the critical change by hand";
}

Result<nlohmann::json> MaintenanceMode::act(ActuationContext&, const StepRun& step) const {
  return fail(step.action.id + ": maintenance mode is not automated by this synops");
}

}  // namespace synops::apply
