// Runs a kubeconfig exec credential plugin (aws eks get-token, gke-gcloud-auth-plugin,
// kubelogin...) the way client-go does: no shell, the plugin's env added to ours,
// KUBERNETES_EXEC_INFO describing the request, stdin closed (we never prompt), and the
// ExecCredential read from its stdout. The plugin's output never reaches a message.
#pragma once
#include <chrono>
#include <optional>
#include <string>

#include "engine/result.h"
#include "kubeconfig.h"

namespace synops::kube {

struct ExecCredential {
  std::string token;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::optional<std::chrono::system_clock::time_point> expires;  // none: valid until a 401
};

// The KUBERNETES_EXEC_INFO document for this plugin and cluster.
std::string exec_info(const ExecPlugin& plugin, const ClusterConfig& cluster);

Result<ExecCredential> run_exec_plugin(const ExecPlugin& plugin, const ClusterConfig& cluster,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace synops::kube
