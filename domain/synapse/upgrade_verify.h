// The last step of a Synapse upgrade: every step of the plan that can be verified is (each
// workload whose image changed runs it and is ready: domain/apply_kit/object_update.h).
// Synapse's own version endpoint is not queried yet.
#pragma once
#include "domain/apply_kit/actuator.h"

namespace synops::apply {

class UpgradeVerify : public Actuator {
 public:
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
};

}  // namespace synops::apply
