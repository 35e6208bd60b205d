// Where the cluster is and how to prove who we are, found the way kubectl finds it:
// --kubeconfig, else $KUBECONFIG (several files, merged: the first file to set a map key wins),
// else ~/.kube/config, else the in-cluster service account. The result holds credentials in
// memory only; no error message built here ever contains one.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/result.h"

namespace synops::kube {

// users[].user.exec: a credential plugin (client.authentication.k8s.io/v1 or v1beta1).
struct ExecPlugin {
  std::string api_version;
  std::string command;  // resolved against the kubeconfig's directory when it holds a '/'
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  std::string interactive_mode = "IfAvailable";  // Never | IfAvailable | Always; we never prompt
  bool provide_cluster_info = false;
  std::string install_hint;
  std::string source;  // "FILE: users[NAME].exec", for messages
};

struct ClusterConfig {
  std::string source;   // "kubeconfig /home/a/.kube/config, context prod" or "in-cluster service account"
  std::string context;  // empty in-cluster
  std::string server;   // https://host:port
  std::string ca_pem;   // empty: the system's trusted roots
  bool insecure_skip_tls_verify = false;  // only ever true when the kubeconfig says so
  std::string tls_server_name;
  std::string proxy_url;
  std::string client_cert_pem;
  std::string client_key_pem;
  std::string token;
  std::filesystem::path token_file;  // re-read when it changes (projected tokens rotate)
  std::optional<ExecPlugin> exec;
  std::string namespace_name = "default";
};

struct KubeconfigOptions {
  std::string kubeconfig;  // --kubeconfig: one file, which must exist
  std::string context;     // --context: overrides current-context
  std::optional<std::string> kubeconfig_env;  // $KUBECONFIG; nullopt reads the environment
  std::optional<std::filesystem::path> home;  // $HOME for ~/.kube/config; nullopt reads the environment
  // Exec credential plugins synops may run, by the program they run: a bare name as written
  // (found on PATH), else the path resolved against the kubeconfig's directory. A kubeconfig
  // can come with a repository under review, and its plugin with it: none runs unless the
  // operator named it.
  std::vector<std::string> allowed_exec_commands;
};

struct InClusterOptions {
  std::filesystem::path root = "/var/run/secrets/kubernetes.io/serviceaccount";
  std::optional<std::string> host;  // $KUBERNETES_SERVICE_HOST; nullopt reads the environment
  std::optional<std::string> port;  // $KUBERNETES_SERVICE_PORT
};

// The kubeconfig files kubectl would read, in priority order (missing $KUBECONFIG entries dropped).
Result<std::vector<std::filesystem::path>> kubeconfig_files(const KubeconfigOptions& options);

Result<ClusterConfig> load_kubeconfig(const KubeconfigOptions& options);
Result<ClusterConfig> load_in_cluster(const InClusterOptions& options = {});

// kubectl's precedence: a kubeconfig when one is given or exists, the service account otherwise.
Result<ClusterConfig> load_cluster_config(const KubeconfigOptions& kubeconfig, const InClusterOptions& in_cluster = {});

}  // namespace synops::kube
