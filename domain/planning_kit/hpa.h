// HorizontalPodAutoscalers own the replicas of their target: synops manages their bounds
// instead and never fights them over spec.replicas.
#pragma once
#include "engine/live_state.h"

namespace synops {

// The live HPA whose scaleTargetRef names `workload`, or nullptr.
const LiveObject* hpa_for(const LiveState& live, const ObjectRef& workload);

}  // namespace synops
