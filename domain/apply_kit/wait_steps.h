// The two kinds of waiting a plan does: `wait` until its target is rolled out and ready (the
// health gate after every change), and `pause` for a fixed time (the watch between the steps
// of a gradual scale-down). Neither writes to the cluster; both keep the lock and stop on Ctrl-C.
#pragma once
#include "actuator.h"

namespace synops::apply {

class ReadyWait : public Actuator {
 public:
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
};

class Pause : public Actuator {
 public:
  std::optional<std::string> refusal(const Action& action) const override;
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
};

}  // namespace synops::apply
