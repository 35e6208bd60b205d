// The wait step after a Helm upgrade: the release's newest revision is deployed (not failed,
// not pending), and every StatefulSet helm made for it is rolled out and ready. helm upgrade
// --wait has waited already; this checks it, and is what resume runs after a crash.
#pragma once
#include "domain/apply_kit/actuator.h"

namespace synops {
// What the wait checks, as the plan's wait step says it.
inline constexpr const char* kHelmReleaseWaitPromise =
    "is deployed: its newest revision has status deployed (not failed, not pending), and every StatefulSet of the release is "
    "rolled out and ready";
}  // namespace synops

namespace synops::apply {

class HelmReleaseWait : public Actuator {
 public:
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
};

}  // namespace synops::apply
