// minio: the MinIO Tenant and its pools (storage.yaml). A Tenant grows by adding a pool;
// pool names identify pools, so they must be unique.
#include <map>

#include "kubernetes_names.h"
#include "manifest_keys.h"
#include "sections.h"

namespace synops {
namespace {

std::optional<Located<std::string>> read_size(const Node& pool, Diagnostics& problems) {
  auto size = text_member(pool, "size", Need::required, problems);
  if (!size || is_quantity(size->value)) return size;
  report(problems, size->at, subject(*pool.get("size")) + " must be a Kubernetes quantity such as 500Gi, got \"" + size->value + "\"");
  return std::nullopt;
}

std::optional<MinioPool> read_pool(const Node& entry, Diagnostics& problems) {
  if (!expect_mapping(entry, problems)) return std::nullopt;
  check_keys(entry, manifest_keys::minio_pool, problems);
  const auto name = name_member(entry, "name", Need::required, problems);
  const auto servers = integer_member(entry, "servers", kPositive, Need::required, problems);
  const auto volumes = integer_member(entry, "volumesPerServer", kPositive, Need::required, problems);
  const auto size = read_size(entry, problems);
  auto storage_class = name_member(entry, "storageClassName", Need::optional, problems);  // a StorageClass is an object name
  if (!name || !servers || !volumes || !size) return std::nullopt;
  return MinioPool{*name, *servers, *volumes, *size, std::move(storage_class), entry.at()};
}

void read_pools(const Node& pools, MinioDesired& desired, Diagnostics& problems) {
  if (!pools.is_sequence()) return report_type(pools, "a sequence of pools", problems);
  std::map<std::string, SourcePosition> seen;  // name -> the pool that used it first
  for (const Node& entry : pools.items()) {
    auto pool = read_pool(entry, problems);
    if (!pool) continue;
    const auto [first, inserted] = seen.try_emplace(pool->name.value, pool->at);
    if (!inserted)
      report(problems, pool->name.at, "pool name \"" + pool->name.value + "\" is used twice in " + pools.path() +
                                          ": also at " + first->second.str());
    desired.pools.push_back(std::move(*pool));
  }
}

}  // namespace

void read_minio_section(const Node& minio, const std::string& root_namespace, std::optional<MinioDesired>& desired,
                        Diagnostics& problems) {
  if (!expect_mapping(minio, problems)) return;
  check_keys(minio, manifest_keys::minio, problems);
  MinioDesired out;
  out.at = minio.at();
  out.ns = root_namespace;
  if (auto tenant = name_member(minio, "tenant", Need::required, problems)) out.tenant = *tenant;
  if (auto ns = minio.get("namespace"))
    if (auto value = read_namespace(*ns, problems)) out.ns = value->value;
  out.image = text_member(minio, "image", Need::optional, problems);
  if (auto pools = minio.get("pools")) read_pools(*pools, out, problems);
  desired = std::move(out);
}

}  // namespace synops
