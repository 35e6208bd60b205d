// Plans changes to Redis Helm releases: the values synops manages (image.tag and
// replica.replicaCount), applied later with `helm upgrade --reuse-values` (§2.3, §4.4).
#pragma once
#include "engine/live_state.h"
#include "engine/plan_builder.h"
#include "domain/manifests/desired.h"

namespace synops {

PlanDraft plan_redis(const Desired& desired, const LiveState& live, Diagnostics& problems);

}  // namespace synops
