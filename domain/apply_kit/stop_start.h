// Stopping every pod of a workload before changing it, then starting the recorded count again:
// the restart a plan marks "stop-start-together" (federation senders, §9.4: senders of two
// configurations at once may each think the other owns a destination, and events are dropped).
//
//   1. scale to 0;  2. wait until no pod of the set is left;  3. make the change (the new
//   image, or the restart stamp);  4. scale back to the recorded count.
// The plan's wait step that follows waits until it is ready.
//
// Each phase is read back from live state, never remembered, so a run resumed after a crash at
// any point goes on from where the cluster is: replicas 0 means "stopped", the change live
// with the recorded count means "done". A replica count that is neither is someone else's
// change, and the step stops ("changed since plan").
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "actuator.h"

namespace synops::apply {

struct StopStart {
  const ObjectRef& target;
  std::int64_t replicas;   // the count to start again, recorded before the stop
  const std::string& label;  // prefixes progress lines
};

// spec.replicas of a Deployment or StatefulSet; the API's default of 1 when absent.
std::int64_t workload_replicas(const nlohmann::json& workload);

// Phase 2, for a workload scaled to 0: waits until its controller has removed every pod (a
// terminating pod still runs its process, so it counts until it is gone).
Result<bool> wait_until_stopped(ActuationContext& context, const ObjectRef& target, const std::string& label);

// Runs the four phases around `change`; `change_is_live` tells a finished stop-start (the
// change live and the count restored) from one to begin.
Result<bool> stop_change_start(ActuationContext& context, const StopStart& run, const std::function<Result<bool>()>& change,
                               const std::function<Result<bool>(const nlohmann::json& live)>& change_is_live);

// Scales back to `replicas` a workload that a stop-start left at 0; nothing when it runs.
Result<bool> start_again(ActuationContext& context, const ObjectRef& target, std::int64_t replicas);

// Wraps the actuator of an update or restart step the plan marks stop-start-together. Its
// before-image adds the recorded count ("replicas") to the inner one. Undo stops and starts
// the same way to restore the template; a restart, which has no undo of its own, only starts
// again a set left stopped. Everything else is the inner actuator's.
class StopStartTogether : public Actuator {
 public:
  explicit StopStartTogether(const Actuator& inner) : inner_(inner) {}

  std::optional<std::string> refusal(const Action& action) const override;
  bool writes_cluster() const override;
  Result<nlohmann::json> before_image(ActuationContext& context, const Action& action) const override;
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
  bool has_undo() const override;
  Result<bool> undo(ActuationContext& context, const BegunStep& step) const override;
  Result<bool> crossed_point_of_no_return(ActuationContext& context, const BegunStep& step) const override;
  std::vector<std::string> after_undo(ActuationContext& context, const std::vector<BegunStep>& mine,
                                      const std::vector<Touched>& touched) const override;
  std::optional<ObjectRef> settles(const Action& action) const override;
  Result<bool> verify(ActuationContext& context, const Action& action) const override;

 private:
  const Actuator& inner_;
};

}  // namespace synops::apply
