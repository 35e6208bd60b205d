// Plans the Element Web image (§2.5): a stateless Deployment, low risk.
#pragma once
#include "engine/live_state.h"
#include "engine/plan_builder.h"
#include "domain/manifests/desired.h"

namespace synops {

PlanDraft plan_element(const Desired& desired, const LiveState& live, Diagnostics& problems);

}  // namespace synops
