// Pods running another image than their workload's pod template asks for: a rollout that
// stalled, a pod the controller could not replace, or a tag that moved under a running pod.
#pragma once
#include <vector>

#include "drift_item.h"
#include "managed_workloads.h"
#include "workload_pods.h"

namespace synops {

// One item per container of a pod whose running image (status.containerStatuses[].image)
// is not the template's. Docker Hub's implicit registry and library/ prefix are ignored;
// a template pinned by digest is compared with the digest the pod runs (imageID).
std::vector<DriftItem> image_drift(const std::vector<ManagedWorkload>& workloads, const WorkloadPods& pods);

}  // namespace synops
