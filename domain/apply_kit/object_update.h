// An update of fields of an object the API serves (adapters/kubernetes/kinds.h). The
// before-image holds the resourceVersion read and each field's before and after; the act is a
// guarded write (guarded_patch.h): it counts as done when the after-values are already live,
// which is what lets resume re-run the step that was in flight when a run died. Undo writes
// the befores back, guarded the same way.
#pragma once
#include "actuator.h"

namespace synops::apply {

class ObjectUpdate : public Actuator {
 public:
  std::optional<std::string> refusal(const Action& action) const override;
  bool writes_cluster() const override;
  Result<nlohmann::json> before_image(ActuationContext& context, const Action& action) const override;
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
  bool has_undo() const override;
  Result<bool> undo(ActuationContext& context, const BegunStep& step) const override;
  std::optional<ObjectRef> settles(const Action& action) const override;
};

// A Deployment or StatefulSet: verified when every container image the step set is what the
// template holds and the workload is rolled out and ready.
//
// Its undo restores the template and then deletes the pods left on the template it undid that
// are not ready (a crash loop, an image that cannot be pulled, a container never created): a
// StatefulSet with OrderedReady pods never replaces a pod that is not ready, so without that the rollback would wait forever (what
// the Kubernetes documentation calls a forced rollback). A new image crossed its point of no
// return once a container of it started, even if it then crashed: its program may have run
// its migrations. One that was never pulled did nothing.
class WorkloadUpdate : public ObjectUpdate {
 public:
  Result<bool> undo(ActuationContext& context, const BegunStep& step) const override;
  Result<bool> crossed_point_of_no_return(ActuationContext& context, const BegunStep& step) const override;
  Result<bool> verify(ActuationContext& context, const Action& action) const override;
};

// Deletes the pods of a restored StatefulSet that are not ready and do not run its template
// (WorkloadUpdate's undo, and the undo of anything else that restores a template, such as a
// Helm rollback).
Result<bool> delete_pods_left_on_undone_template(ActuationContext& context, const ObjectRef& target);

// The live object, or an error when it is gone.
Result<LiveObject> read_live(const ActuationContext& context, const ObjectRef& ref);

}  // namespace synops::apply
