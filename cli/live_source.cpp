#include "live_source.h"

#include <filesystem>

#include "cluster_connection.h"
#include "cluster_unreachable.h"
#include "adapters/snapshot/snapshot_reader.h"

namespace synops::cli {

namespace {

Result<LiveState> read_from_cluster(const Desired& desired, const CommonOptions& common) {
  auto client = connect_cluster(common, Patience::reading, &desired);
  // The hint is for someone who named no live state, or a kubeconfig that is not there; a
  // kubeconfig that exists but is broken needs only its own error.
  const bool kubeconfig_missing = !common.kubeconfig.empty() && !std::filesystem::exists(common.kubeconfig);
  const bool cluster_named = !common.kubeconfig.empty() || !common.context.empty() || desired.live.kubeconfig || desired.live.context;
  if (!client && cluster_named && !kubeconfig_missing) return std::unexpected(client.error());
  if (!client) {
    auto diagnostics = client.error();
    diagnostics.push_back(
        {{}, "no live state to compare with: pass --live FILE (a snapshot), --kubeconfig FILE, or set live.snapshot or "
             "live.kubernetes in synops.yaml"});
    return std::unexpected(diagnostics);
  }
  auto live = read_manifest_namespaces(*client, desired);
  if (!live) return std::unexpected(unreachable_in_one_line(*client, live.error(), common, &desired));
  return live;
}

}  // namespace

bool live_state_is_snapshot(const Desired& desired, const CommonOptions& common) {
  const bool cluster_on_command_line = !common.kubeconfig.empty() || !common.context.empty();
  return !common.live.empty() || (!cluster_on_command_line && desired.live.snapshot);
}

Result<LiveState> read_live_state(const Desired& desired, const CommonOptions& common) {
  // --live is the operator's own choice and may lie anywhere; a snapshot the manifests name
  // was checked to lie inside their directory when they were loaded (manifest_boundary.h).
  if (!common.live.empty()) return read_snapshot(common.live);
  const bool cluster_on_command_line = !common.kubeconfig.empty() || !common.context.empty();
  if (!cluster_on_command_line && desired.live.snapshot) {
    // A snapshot named in synops.yaml is relative to the manifest directory.
    std::filesystem::path path = desired.live.snapshot->value;
    if (path.is_relative()) path = std::filesystem::path(desired.root_dir) / path;
    return read_snapshot(path);
  }
  return read_from_cluster(desired, common);
}

nlohmann::ordered_json live_source(const Desired& desired, const CommonOptions& common, bool from_snapshot) {
  if (from_snapshot) {
    if (!common.live.empty()) return {{"snapshot", common.live}};
    std::filesystem::path path = desired.live.snapshot->value;
    if (path.is_relative()) path = std::filesystem::path(desired.root_dir) / path;
    return {{"snapshot", path.lexically_normal().string()}};
  }
  auto config = kube::load_cluster_config(kubeconfig_options(common, &desired));
  if (!config) return {{"context", nullptr}, {"server", nullptr}};
  return {{"context", config->context.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(config->context)},
          {"server", config->server}};
}

}  // namespace synops::cli
