// What apply's preflight would refuse in the live state a plan was made from, carried in the
// plan (Plan::health_warnings) so that `plan` shows it in every format. It is preflight's own
// check (kube::preflight_problems), not a copy: plan and apply cannot disagree on what is
// unhealthy. The warnings never refuse the plan; apply checks again when it runs.
#pragma once
#include <vector>

#include "engine/live_state.h"
#include "engine/plan.h"

namespace synops {

// Reads the readiness of every Pod, workload and operator resource: at 10,000 objects a share
// of the plan's time, so plan_deployment finds them on another core while the planners work.
std::vector<HealthWarning> health_warnings(const LiveState& live);

}  // namespace synops
