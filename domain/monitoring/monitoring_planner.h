// Plans the monitoring stack (§2.6): a Helm release whose chart version is not the manifests'
// is upgraded to it (`helm upgrade` with the manifests' chart and version, the release's own
// values kept), after a copy of the release as it is; a workload whose container image is not
// the manifests' gets the new image. Every step is low risk (monitoring only, no downtime) and
// stands apart from Synapse's order.
#pragma once
#include "engine/live_state.h"
#include "engine/plan_builder.h"
#include "domain/manifests/desired.h"

namespace synops {

PlanDraft plan_monitoring(const Desired& desired, const LiveState& live, Diagnostics& problems);

}  // namespace synops
