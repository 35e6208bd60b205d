// Synapse's maintenance mode around a critical change (§6.2). Not automated yet: a plan that
// needs it is refused at apply, so the operator makes the change by hand.
#pragma once
#include "domain/apply_kit/actuator.h"

namespace synops::apply {

class MaintenanceMode : public Actuator {
 public:
  std::optional<std::string> refusal(const Action& action) const override;
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
};

}  // namespace synops::apply
