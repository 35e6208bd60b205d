// storage.yaml from the MinIO Tenant. The Tenant usually lives in a namespace of its own,
// so every namespace of the snapshot is searched.
#include "import_sections.h"

namespace synops::importer {

namespace {

std::optional<nlohmann::ordered_json> pool_of(const Context& context, const LiveObject& tenant, const nlohmann::json& pool) {
  const auto size = pool.value("/volumeClaimTemplate/spec/resources/requests/storage"_json_pointer, nlohmann::json());
  const std::string name = pool.value("name", "");
  if (name.empty() || !pool.contains("servers") || !pool.contains("volumesPerServer") || size.is_null()) {
    context.warnings.push_back("a pool of " + tenant.ref.str() + " lacks a name, servers, volumesPerServer or a storage "
                               "request; left out");
    return std::nullopt;
  }
  return nlohmann::ordered_json{{"name", name},
                                {"servers", pool["servers"]},
                                {"volumesPerServer", pool["volumesPerServer"]},
                                {"size", size.is_string() ? size.get<std::string>() : size.dump()}};
}

}  // namespace

void import_minio(const Context& context, Manifests& out) {
  const auto tenants = context.live.of_kind("Tenant");
  if (tenants.empty()) return;
  const LiveObject& tenant = *tenants.front();  // identity order: by namespace, then name
  if (tenants.size() > 1)
    context.warnings.push_back(std::to_string(tenants.size()) + " MinIO Tenants live; imported " + tenant.ref.str());
  auto& minio = out.storage["minio"];
  minio["tenant"] = tenant.ref.name;
  if (tenant.ref.ns != context.ns) minio["namespace"] = tenant.ref.ns;
  nlohmann::ordered_json pools = nlohmann::ordered_json::array();
  for (const auto& pool : tenant.body.value("/spec/pools"_json_pointer, nlohmann::json::array()))
    if (auto entry = pool_of(context, tenant, pool)) pools.push_back(*entry);
  minio["pools"] = pools;
  if (auto image = tenant.body.value("/spec/image"_json_pointer, std::string()); !image.empty())
    out.images["minio"]["image"] = image;
}

}  // namespace synops::importer
