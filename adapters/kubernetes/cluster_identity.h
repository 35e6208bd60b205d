// Which cluster a command talks to, as something stronger than its URL: two clusters can
// answer on the same address (a rebuilt staging cluster, a port-forward to another
// context). A journal records the identity of the cluster it wrote to, and resume and
// rollback refuse any other (stages/apply/apply_session.cpp).
//   kube_system_uid: the UID of the kube-system namespace, what tools use as a cluster ID;
//                    it is made with the cluster and never changes.
//   ca_sha256:       the SHA-256 fingerprint of the CA certificate the kubeconfig trusts.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "engine/result.h"
#include "kube_client.h"

namespace synops::kube {

struct ClusterIdentity {
  std::string server;
  std::string kube_system_uid;  // empty when this account may not read the namespace
  std::string ca_sha256;        // empty when the kubeconfig trusts the system's roots

  nlohmann::json to_json() const;
  // nullopt for a record without an identity (or with one not written by synops).
  static std::optional<ClusterIdentity> from_json(const nlohmann::json& value);
  // "127.0.0.1-6443-0c6f2e61-…": a folder name for this cluster's journals.
  std::string folder_name() const;
};

// Reads the kube-system namespace (403 and 404 leave its UID empty; any other failure is an
// error) and fingerprints the client's CA.
Result<ClusterIdentity> read_cluster_identity(const KubeClient& client);

// Why `live` is not the cluster `recorded` names, or "" when nothing tells them apart. What
// was recorded must be confirmed: a recorded UID that cannot be read now is a mismatch.
std::string identity_mismatch(const ClusterIdentity& recorded, const ClusterIdentity& live);

}  // namespace synops::kube
