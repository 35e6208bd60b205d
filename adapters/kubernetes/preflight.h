// What must be healthy before an apply starts: no pod crash-looping, failing to pull its
// image or not ready, and no workload still in the middle of a rollout. Changing a
// deployment that is already broken hides the cause and makes the rollback ambiguous.
#pragma once
#include <string>
#include <vector>

#include "engine/live_state.h"

namespace synops::kube {

struct PreflightProblem {
  ObjectRef ref;
  std::string message;
};

// In the order of the objects' identities, so reports are stable.
std::vector<PreflightProblem> preflight_problems(const LiveState& live);

}  // namespace synops::kube
