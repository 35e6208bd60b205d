// What must be healthy before an apply starts: no pod crash-looping, failing to pull its
// image or not ready, no workload still in the middle of a rollout, and no CloudNativePG
// Cluster, MinIO Tenant or Certificate its operator reports unready (a Cluster failing over
// or switching over, by readiness.h's rules). Changing a deployment that is already broken
// hides the cause and makes the rollback ambiguous. `plan` runs the same check on the state
// it planned from and shows what it finds as warnings (stages/plan/health_warnings.h).
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
