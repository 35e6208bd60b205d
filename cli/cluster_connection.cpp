#include "cluster_connection.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <ranges>
#include <string_view>

#include "adapters/kubernetes/cluster_reader.h"
#include "adapters/kubernetes/kinds.h"
#include "adapters/kubernetes/kubeconfig.h"

namespace synops::cli {

namespace {

constexpr std::chrono::milliseconds kReadingBudget{10000};

// A kubeconfig named in synops.yaml is relative to the manifest directory, like live.snapshot;
// "~/" is the user's home, as people write it for ~/.kube/config.
std::string manifest_relative(const Desired& manifests, const std::string& path) {
  if (path.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    return home != nullptr ? (std::filesystem::path(home) / path.substr(2)).string() : path;
  }
  if (path.empty() || std::filesystem::path(path).is_absolute()) return path;
  return (std::filesystem::path(manifests.root_dir) / path).string();
}


// The kinds the manifests need, so a deployment without MinIO or cert-manager never asks for
// a resource its API server does not serve, and the read-only Role (examples/cron/rbac.yaml)
// grants nothing more.
std::vector<std::string> kinds_for(const Desired& desired, bool tenant_in_root_namespace) {
  std::vector<std::string> kinds = {"StatefulSet", "Deployment", "ConfigMap", "Pod", "HorizontalPodAutoscaler"};
  const bool monitoring_here = desired.monitoring && desired.monitoring->ns.value == desired.ns.value;
  if (!desired.redis.empty() || (monitoring_here && !desired.monitoring->releases.empty()))
    kinds.push_back("Secret");  // Helm release Secrets only
  if (desired.postgres) kinds.push_back("Cluster");
  if (!desired.certificates.empty()) kinds.push_back("Certificate");
  if (tenant_in_root_namespace) kinds.push_back("Tenant");
  return kinds;
}

void add_credentials(const kube::ClusterConfig& config, Redactor& secrets) {
  secrets.add(config.token);
  secrets.add(config.client_key_pem);
  if (config.token_file.empty()) return;
  std::ifstream in(config.token_file);
  std::string token;
  std::getline(in, token);
  secrets.add(token);
}

}  // namespace

kube::KubeconfigOptions kubeconfig_options(const CommonOptions& common, const Desired* manifests) {
  kube::KubeconfigOptions options{.kubeconfig = common.kubeconfig, .context = common.context};
  options.allowed_exec_commands = common.allow_exec;
  if (const char* allowed = std::getenv("SYNOPS_ALLOW_EXEC"))
    for (const auto part : std::views::split(std::string_view(allowed), ':'))
      if (!std::string_view(part).empty()) options.allowed_exec_commands.emplace_back(std::string_view(part));
  if (manifests == nullptr) return options;
  if (options.kubeconfig.empty() && manifests->live.kubeconfig)
    options.kubeconfig = manifest_relative(*manifests, manifests->live.kubeconfig->value);
  if (options.context.empty() && manifests->live.context) options.context = manifests->live.context->value;
  return options;
}

Result<kube::KubeClient> connect_cluster(const CommonOptions& common, Patience patience, const Desired* manifests,
                                         Redactor* secrets) {
  auto config = kube::load_cluster_config(kubeconfig_options(common, manifests));
  if (!config) return std::unexpected(config.error());
  if (config->insecure_skip_tls_verify && !common.allow_insecure_tls)
    return fail(config->source + ": insecure-skip-tls-verify for " + config->server +
                ": synops does not turn TLS verification off unless --allow-insecure-tls is given; better, give the cluster its "
                "certificate-authority-data");
  if (secrets != nullptr) add_credentials(*config, *secrets);
  if (config->insecure_skip_tls_verify)
    std::cerr << "warning: TLS verification is off for " << config->server
              << " (--allow-insecure-tls): anyone on the path can read and change what synops sends\n";
  kube::HttpOptions http;
  if (patience == Patience::reading) http.retry.total = kReadingBudget;
  if (common.verbose > 0) {
    // -v: every API request on stderr, one line each, through the redactor all the same.
    http.trace = [secrets](const std::string& line) {
      std::cerr << ("synops: " + (secrets != nullptr ? secrets->redact(line) : line) + "\n") << std::flush;
    };
  }
  auto client = kube::KubeClient::connect(*config, http);
  // Exec plugin tokens and rotated token files are known only once requests need them.
  if (client && secrets != nullptr)
    secrets->add_source([http = client->shared_http()] { return http->credentials_seen(); });
  return client;
}

Result<LiveState> read_namespace(const kube::KubeClient& client, const std::string& ns) {
  return kube::read_cluster(client, std::vector<std::string>{ns});
}

std::vector<std::string> manifest_namespaces(const Desired& desired) {
  std::vector<std::string> namespaces{desired.ns.value};
  if (desired.minio && !desired.minio->ns.empty() && desired.minio->ns != desired.ns.value)
    namespaces.push_back(desired.minio->ns);
  if (desired.monitoring && std::ranges::find(namespaces, desired.monitoring->ns.value) == namespaces.end())
    namespaces.push_back(desired.monitoring->ns.value);
  return namespaces;
}

namespace {

// In the Tenant's own namespace only Tenants.
Result<bool> add_tenants(const kube::KubeClient& client, const std::string& ns, LiveState& state) {
  auto tenants = client.list(*kube::find_kind("Tenant"), ns);
  if (!tenants) return std::unexpected(tenants.error());
  for (auto& tenant : *tenants) state.add(std::move(tenant));
  return true;
}

// In the monitoring namespace (§2.6), when it is not the deployment's: its workloads, and the
// Secrets of its Helm releases.
Result<bool> add_monitoring(const kube::KubeClient& client, const MonitoringDesired& monitoring, LiveState& state) {
  std::vector<std::string> kinds;
  if (!monitoring.workloads.empty()) kinds = {"Deployment", "StatefulSet"};
  if (!monitoring.releases.empty()) kinds.push_back("Secret");  // Helm release Secrets only
  if (kinds.empty()) return true;
  auto read = kube::read_cluster(client, kube::ClusterReadRequest{.namespaces = {monitoring.ns.value}, .kinds = kinds});
  if (!read) return std::unexpected(read.error());
  for (const auto& [ref, object] : read->objects()) state.add(object);
  return true;
}

}  // namespace

Result<LiveState> read_manifest_namespaces(const kube::KubeClient& client, const Desired& desired) {
  const bool tenant_elsewhere = desired.minio && !desired.minio->ns.empty() && desired.minio->ns != desired.ns.value;
  kube::ClusterReadRequest request{.namespaces = {desired.ns.value},
                                   .kinds = kinds_for(desired, desired.minio && !tenant_elsewhere)};
  auto state = kube::read_cluster(client, request);
  if (!state) return state;
  if (tenant_elsewhere)
    if (auto added = add_tenants(client, desired.minio->ns, *state); !added) return std::unexpected(added.error());
  if (desired.monitoring && desired.monitoring->ns.value != desired.ns.value)
    if (auto added = add_monitoring(client, *desired.monitoring, *state); !added) return std::unexpected(added.error());
  return state;
}

}  // namespace synops::cli
