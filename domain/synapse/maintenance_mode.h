// Synapse's maintenance mode around the changes of a plan (§6.2), in the way synops.yaml
// chooses: scale-to-zero (scale_to_zero.h) or a maintenance page (maintenance_page.h).
//
// The undo of entering is leaving, and the undo of leaving is entering again: a rollback
// undoes the steps inside maintenance mode while it is on, and leaves it last.
#pragma once
#include "domain/apply_kit/actuator.h"

namespace synops::apply {

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
