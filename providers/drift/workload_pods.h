// The pods a Deployment or StatefulSet runs, found the way its controller finds them: by
// the workload's label selector, in its namespace.
#pragma once
#include <vector>

#include "engine/live_state.h"

namespace synops {

// Pods matching spec.selector (matchLabels and matchExpressions) of `workload`, in name
// order. A workload without a selector has no pods: matching everything would be a guess.
std::vector<const LiveObject*> pods_of(const LiveState& live, const LiveObject& workload);

}  // namespace synops
