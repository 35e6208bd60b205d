// The objects of the example deployment (examples/matrix, examples/matrix/live) that tests in
// several layers name: one definition here, so that test files compiled in one unity batch
// (cmake/compile_speed.cmake) do not each define their own kMain or kImage.
#pragma once
#include <string>

#include "engine/object_ref.h"

namespace synops::testing {

inline const ObjectRef kMainStatefulSet{"StatefulSet", "matrix", "synapse-main"};
inline const ObjectRef kSendersStatefulSet{"StatefulSet", "matrix", "synapse-federation-sender"};
inline const ObjectRef kSynchrotronDeployment{"Deployment", "matrix", "synapse-synchrotron"};
inline const ObjectRef kSynapseConfigMap{"ConfigMap", "matrix", "synapse-config"};
inline const ObjectRef kPostgresCluster{"Cluster", "matrix", "synapse-postgres"};
// The lease apply holds while it changes the namespace.
inline const ObjectRef kApplyLease{"Lease", "matrix", "synops-apply"};

// The JSON pointer of a pod template's first container image: what most apply tests change.
inline const std::string kContainerImage = "/spec/template/spec/containers/0/image";
// Synapse's image in the example snapshot, and the one the upgrade tests move to.
inline const std::string kOldSynapseImage = "matrixdotorg/synapse:v1.119.0";
inline const std::string kNewSynapseImage = "matrixdotorg/synapse:v1.120.0";

// Keys of a plan's changes.
inline const std::string kPostgresClusterKey = "Cluster/matrix/synapse-postgres";
inline const std::string kUpdateSynapseConfig = "update ConfigMap/matrix/synapse-config";

// Paths of the Kubernetes API (the test server's, tests/kube_api_server).
inline const std::string kPodsPath = "/api/v1/namespaces/matrix/pods";
inline const std::string kStatefulSetsPath = "/apis/apps/v1/namespaces/matrix/statefulsets";
inline const std::string kMainStatefulSetPath = kStatefulSetsPath + "/synapse-main";

}  // namespace synops::testing
