// Plans changes to cert-manager Certificates: the DNS names they cover (§3.4), low risk,
// then waits for Ready=True.
#pragma once
#include "engine/live_state.h"
#include "engine/plan_builder.h"
#include "domain/manifests/desired.h"

namespace synops {

PlanDraft plan_certificates(const Desired& desired, const LiveState& live, Diagnostics& problems);

}  // namespace synops
