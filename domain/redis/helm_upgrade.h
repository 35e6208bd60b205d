// A changed value of a Redis Helm release (§2.3, §4.4), planned as `helm upgrade
// --reuse-values` of the revision read. Not automated yet: a plan that holds one is refused at
// apply, so the operator runs the upgrade by hand.
#pragma once
#include "domain/apply_kit/actuator.h"

namespace synops::apply {

class HelmUpgrade : public Actuator {
 public:
  std::optional<std::string> refusal(const Action& action) const override;
  Result<nlohmann::json> act(ActuationContext& context, const StepRun& step) const override;
};

}  // namespace synops::apply
