// The last step of a Synapse upgrade: every step of the plan that can be verified is (each
// workload whose image changed runs it and is ready: domain/apply_kit/object_update.h), and
// every pod of every Synapse workload the upgrade rolled answers the version of its image
// (synapse_version.h). A pod that reports another version fails the step.
#pragma once
#include "domain/apply_kit/actuator.h"

namespace synops::apply {

class UpgradeVerify : public Actuator {
 public:
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
};

}  // namespace synops::apply
