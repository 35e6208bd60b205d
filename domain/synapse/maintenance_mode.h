// Synapse's maintenance mode around the changes of a plan (§6.2), by the guide's option 1:
// scale every Synapse process to 0, and at the end start them again with the exact counts.
//
// Entering records each workload's replicas in an annotation on the workload itself
// (synops.io/replicas-before-maintenance) in the same write that scales it to 0, then waits
// until no pod of any of them runs. Leaving scales main back first and waits until it is
// ready (after an upgrade it migrates the schema before any worker starts, §2.1), then every
// other workload, and removes the annotations. Both read their progress from the cluster, so
// a run killed halfway is finished by resume (which goes on) or rollback (which leaves); a
// workload whose annotation is gone has been started again already.
//
// The undo of entering is leaving, and the undo of leaving is entering again: a rollback
// undoes the steps inside maintenance mode with Synapse stopped, and leaves it last.
#pragma once
#include "domain/apply_kit/actuator.h"

namespace synops::apply {

inline constexpr const char* kReplicasBeforeMaintenance = "synops.io/replicas-before-maintenance";

class MaintenanceMode : public Actuator {
 public:
  std::optional<std::string> refusal(const Action& action) const override;
  bool writes_cluster() const override;
  Result<nlohmann::json> before_image(ActuationContext& context, const Action& action) const override;
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
  bool has_undo() const override;
  Result<bool> undo(ActuationContext& context, const BegunStep& step) const override;
};

}  // namespace synops::apply
