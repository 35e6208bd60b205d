#include <filesystem>
#include <iostream>

#include "cluster_connection.h"
#include "cluster_unreachable.h"
#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "private_file.h"
#include "adapters/snapshot/snapshot_redaction.h"
#include "adapters/snapshot/snapshot_writer.h"
#include "domain/manifests/manifest_loader.h"
#include "adapters/snapshot/helm_snapshot_release.h"

namespace synops::cli {

namespace {

// The manifests when DIR holds them (they name the namespace and may name the cluster);
// without them the namespace comes from --namespace or the kubeconfig context.
Result<std::optional<Desired>> optional_manifests(const std::string& dir) {
  if (!std::filesystem::exists(std::filesystem::path(dir) / "synops.yaml")) return std::optional<Desired>{};
  auto desired = load_manifests(dir);
  if (!desired) return std::unexpected(in_manifest_dir(desired.error(), dir));
  return std::optional<Desired>{std::move(*desired)};
}

}  // namespace

int command_snapshot(const SnapshotCommandOptions& options, const CommonOptions& common) {
  // 1. Which cluster and namespace.
  auto manifests = optional_manifests(options.dir);
  if (!manifests) return print_diagnostics(manifests.error()), kError;
  const Desired* desired = *manifests ? &**manifests : nullptr;
  auto client = connect_cluster(common, Patience::reading, desired);
  if (!client) return print_diagnostics(client.error()), kError;
  const std::string ns = !common.ns.empty() ? common.ns : desired ? desired->ns.value : client->default_namespace();
  // 2. Read what synops reads, exactly as plan does.
  auto live = desired && common.ns.empty() ? read_manifest_namespaces(*client, *desired) : read_namespace(*client, ns);
  if (!live) return print_diagnostics(unreachable_in_one_line(*client, live.error(), common, desired)), kError;
  // 3. Keep of Helm releases only what planning reads (their values hold passwords), and
  //    replace the credentials in ConfigMaps and container env with markers plans compare.
  const std::string text = kube::write_snapshot(with_secrets_redacted(with_reduced_helm_releases(*live)));
  // 4. Write it private all the same: it names every object and the cluster's layout.
  if (options.out.empty()) return std::cout << text << std::flush, kOk;
  if (auto written = write_private_file(options.out, text, "the snapshot"); !written)
    return print_diagnostics(written.error()), kError;
  std::cerr << "Wrote " << live->size() << " objects of namespace " << ns << " to " << options.out << '\n';
  return kOk;
}

}  // namespace synops::cli
