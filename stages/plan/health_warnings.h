// What apply's preflight would refuse in the live state a plan was made from, carried in the
// plan (Plan::health_warnings) so that `plan` shows it in every format. It is preflight's own
// check (kube::preflight_problems), not a copy: plan and apply cannot disagree on what is
// unhealthy. The warnings never refuse the plan; apply checks again when it runs.
#pragma once
#include "engine/live_state.h"
#include "engine/plan.h"

namespace synops {

void add_health_warnings(Plan& plan, const LiveState& live);

}  // namespace synops
