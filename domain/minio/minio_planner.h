// Plans changes to the MinIO Tenant: the image and the pools. Capacity grows by adding a
// pool; servers and volumesPerServer of an existing pool never change; a pool is removed
// only after MinIO finished decommissioning it (§2.4, §4.3).
#pragma once
#include "engine/live_state.h"
#include "engine/plan_builder.h"
#include "domain/manifests/desired.h"

namespace synops {

PlanDraft plan_minio(const Desired& desired, const LiveState& live, Diagnostics& problems);

}  // namespace synops
