#include "manifest_loader.h"

#include "manifest_files.h"
#include "sections.h"
#include "tree_merge.h"

namespace synops {
namespace {

// synops.yaml comes first and gives the root its position; the others merge into it.
LocatedTree merge_files(const std::vector<ManifestDocument>& files, Diagnostics& problems) {
  LocatedTree merged = files.front().tree;
  if (merged.value.is_null()) merged.value = nlohmann::json::object();
  for (std::size_t i = 1; i < files.size(); ++i) merge_tree(merged, files[i].tree, problems);
  return merged;
}

Desired read_desired(const LocatedTree& merged, const std::filesystem::path& dir, Diagnostics& problems) {
  Desired desired;
  const Node root(merged);
  read_root_section(root, dir, desired, problems);
  if (auto synapse = root.get("synapse")) read_synapse_section(*synapse, desired.synapse, problems);
  if (auto element = root.get("element")) read_element_section(*element, desired.element, problems);
  if (auto postgres = root.get("postgres")) read_postgres_section(*postgres, desired.postgres, problems);
  if (auto minio = root.get("minio")) read_minio_section(*minio, desired.ns.value, desired.minio, problems);
  if (auto redis = root.get("redis")) read_redis_section(*redis, desired.redis, problems);
  if (auto monitoring = root.get("monitoring")) read_monitoring_section(*monitoring, desired.monitoring, problems);
  if (auto tls = root.get("tls")) read_tls_section(*tls, desired.certificates, problems);
  if (auto drift = root.get("drift")) read_drift_section(*drift, desired.drift, problems);
  check_workload_names(desired, problems);
  check_li_database(desired, problems);
  return desired;
}

Result<Desired> failed(Diagnostics problems) {
  sort_diagnostics(problems);
  return fail(std::move(problems));
}

}  // namespace

Result<Desired> load_manifests(const std::filesystem::path& dir, const YamlLimits& limits) {
  auto files = read_manifest_files(dir, limits);
  if (!files) return failed(std::move(files.error()));
  Diagnostics problems;
  const LocatedTree merged = merge_files(*files, problems);
  Desired desired = read_desired(merged, dir, problems);
  desired.root_dir = dir.string();
  if (!problems.empty()) return failed(std::move(problems));
  return desired;
}

}  // namespace synops
