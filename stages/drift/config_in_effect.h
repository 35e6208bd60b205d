// Pods older than the homeserver.yaml they should run. Synapse reads its config only at
// start, so a ConfigMap changed without a restart leaves the old config in effect, and the
// next crash or reschedule quietly switches a single pod to the new one.
//
// Two ways to tell, best first:
//   1. the pod template's synops.io/config-hash annotation (stamped by synops when it
//      restarts a workload) differs from the hash of the live homeserver.yaml;
//   2. without the annotation: a pod's status.startTime is older than the last write of the
//      ConfigMap's homeserver.yaml key (metadata.managedFields[].time of the managers that
//      own it, or of all managers when none is recorded as owning it).
// When neither can be read (no annotation, and a live source that did not keep
// managedFields), nothing is reported for the workload and `notes` says so once.
#pragma once
#include <vector>

#include "drift_item.h"
#include "managed_workloads.h"
#include "workload_pods.h"

namespace synops {

std::vector<DriftItem> config_in_effect_drift(const Desired& desired, const std::vector<ManagedWorkload>& workloads,
                                              const WorkloadPods& pods, const LiveState& live,
                                              std::vector<std::string>& notes);

}  // namespace synops
