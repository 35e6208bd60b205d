// The StatefulSet controller's pod work, one step a tick: pods NAME-0..N-1 created in order,
// each once the ones before it are ready; a RollingUpdate replaces pods from the highest
// ordinal down to the partition, one at a time, and only while every pod is Running and
// Ready (podManagementPolicy OrderedReady). So a pod broken by a bad template stops the
// rollout, and restoring the template does not replace it: Kubernetes' documented "forced
// rollback" needs someone to delete that pod, which is then recreated from the current
// template. The status counts come from the pods.
#pragma once
#include <nlohmann/json.hpp>

#include "pods.h"
#include "store.h"

namespace kube_test {

// `replace_broken` (the default model, without --forced-rollback): a broken pod of a revision
// other than the update revision is replaced at once instead of blocking the rollout. Returns true when every pod runs the update revision (from the partition up) and is
// ready: the rollout is complete.
// When a seeded StatefulSet first rolls: the pods its status says run (ordinals below
// `replicas`) and the seed did not hold are made, running and ready, from the template
// rolled out before (`old_template`, at `revision`).
void adopt_statefulset_pods(Store& store, const nlohmann::json& statefulset, const nlohmann::json& old_template, long replicas,
                            const std::string& revision);

bool statefulset_pods_step(Store& store, nlohmann::json& statefulset, const ImageRules& rules, bool replace_broken);

}  // namespace kube_test
