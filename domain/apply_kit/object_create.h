// A `create` step: an object the manifests ask for that does not exist live (a
// HorizontalPodAutoscaler for a pool with `hpa:`). The body is the kind's apiVersion, the
// name, the label app.kubernetes.io/managed-by=synops and each change's after-value at its
// path. An object of that name left by a run that died (it has the label and the values) is
// taken as done; one synops did not make stops the step. Undo deletes what synops created,
// by uid, and never an object without the label.
#pragma once
#include "actuator.h"
#include "engine/live_state.h"

namespace synops::apply {

// Whether synops made the object (the managed-by label of what it creates).
bool made_by_synops(const LiveObject& object);

class ObjectCreate : public Actuator {
 public:
  std::optional<std::string> refusal(const Action& action) const override;
  bool writes_cluster() const override;
  Result<nlohmann::json> before_image(ActuationContext& context, const Action& action) const override;
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
  bool has_undo() const override;
  Result<bool> undo(ActuationContext& context, const BegunStep& step) const override;
};

}  // namespace synops::apply
