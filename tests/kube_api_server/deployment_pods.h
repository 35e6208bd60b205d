// The Deployment controller's pod work, one step a tick, as its ReplicaSets would do it:
// the new ReplicaSet (NAME-<pod-template-hash>) grows by up to maxSurge pods beyond
// spec.replicas, and old pods go while at least replicas - maxUnavailable stay ready
// (RollingUpdate, defaults 25% each); Recreate removes the old pods first. Pods are named
// NAME-<hash>-<5 characters> and owned by their ReplicaSet. The status counts come from the pods.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "pods.h"
#include "store.h"

namespace kube_test {

// When a seeded Deployment first rolls: the `replicas` pods its status says run, made
// running and ready from the template rolled out before (`old_template`, hash `old_hash`).
void adopt_deployment_pods(Store& store, const nlohmann::json& deployment, const nlohmann::json& old_template,
                           const std::string& old_hash, long replicas);

// Returns true when spec.replicas pods of `hash` are ready and no old pod is left.
bool deployment_pods_step(Store& store, nlohmann::json& deployment, const std::string& hash, const ImageRules& rules);

}  // namespace kube_test
