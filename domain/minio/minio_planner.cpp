#include "minio_planner.h"

#include <fmt/format.h>

#include "domain/planning_kit/live_lookup.h"
#include "domain/planning_kit/quantity.h"
#include "domain/planning_kit/update_and_wait.h"
#include "engine/json_pointer.h"

namespace synops {

namespace {

constexpr const char* kStoragePointer = "/volumeClaimTemplate/spec/resources/requests/storage";

constexpr const char* kStorageClassPointer = "/volumeClaimTemplate/spec/storageClassName";

nlohmann::json new_pool(const MinioPool& pool) {
  nlohmann::json claim = {{"accessModes", {"ReadWriteOnce"}}, {"resources", {{"requests", {{"storage", pool.size.value}}}}}};
  if (pool.storage_class) claim["storageClassName"] = pool.storage_class->value;
  return {{"name", pool.name.value},
          {"servers", pool.servers.value},
          {"volumesPerServer", pool.volumes_per_server.value},
          {"volumeClaimTemplate", {{"metadata", {{"name", "data"}}}, {"spec", claim}}}};
}

struct TenantChanges {
  std::vector<Change> changes;
  Risk risk = Risk::low;
};

void check_immutable(const MinioPool& pool, const nlohmann::json& live, PlanDraft& draft) {
  auto check = [&](const char* field, const Located<std::int64_t>& wanted) {
    if (live.contains(field) && live[field] != wanted.value)
      draft.refusals.push_back({"minio-pool-immutable",
                                fmt::format("pool {} has {} {} live; MinIO cannot change it ({} is immutable): add a new "
                                            "pool to grow instead", pool.name.value, field, live[field].dump(), field),
                                wanted.at});
  };
  check("servers", pool.servers);
  check("volumesPerServer", pool.volumes_per_server);
  const nlohmann::json live_class = value_at(live, kStorageClassPointer);
  if (pool.storage_class && live_class.is_string() && live_class != pool.storage_class->value)
    draft.refusals.push_back({"minio-pool-immutable",
                              fmt::format("pool {} has storageClassName {} live; its volumes exist on that class, and a "
                                          "volume claim template's class cannot change: add a new pool on {} instead",
                                          pool.name.value, live_class.dump(), pool.storage_class->value),
                              pool.storage_class->at});
}

// The MinIO operator expands a pool's volume claims when the request grows and ignores a
// decrease (a PersistentVolumeClaim never shrinks): planned, it would never happen.
bool shrinks(const nlohmann::json& live_size, const std::string& wanted) {
  if (!live_size.is_string()) return false;
  const auto live = quantity_value(live_size.get<std::string>()), want = quantity_value(wanted);
  return live && want && *want < *live;
}

void plan_existing_pool(const MinioPool& pool, const nlohmann::json& live, size_t index, TenantChanges& out, PlanDraft& draft) {
  check_immutable(pool, live, draft);
  const nlohmann::json size = value_at(live, kStoragePointer);
  if (size == pool.size.value) return;
  if (shrinks(size, pool.size.value))
    return draft.refusals.push_back({"minio-pool-shrink",
                                     fmt::format("pool {} asks for {} a volume, less than the {} its volumes have: the MinIO "
                                                 "operator only grows volume claims and ignores a decrease, so this would "
                                                 "never happen; keep {}, or add a smaller pool and decommission this one",
                                                 pool.name.value, pool.size.value, size.get<std::string>(),
                                                 size.get<std::string>()),
                                     pool.size.at});
  out.changes.push_back({{fmt::format("/spec/pools/{}{}", index, kStoragePointer), ""}, size, pool.size.value, false,
                         "minio.pools." + pool.name.value + ".size in " + pool.size.at.str(), pool.size.at});
  out.risk = std::max(out.risk, Risk::medium);
}

void plan_pools(const MinioDesired& minio, const LiveObject& tenant, TenantChanges& out, PlanDraft& draft) {
  const nlohmann::json live_pools = value_at(tenant.body, "/spec/pools");
  std::vector<std::string> kept;
  size_t next_index = live_pools.is_array() ? live_pools.size() : 0;
  for (const auto& pool : minio.pools) {
    bool found = false;
    for (size_t i = 0; live_pools.is_array() && i < live_pools.size(); ++i)
      if (live_pools[i].value("name", "") == pool.name.value) {
        plan_existing_pool(pool, live_pools[i], i, out, draft);
        found = true;
      }
    if (found) continue;
    out.changes.push_back({{fmt::format("/spec/pools/{}", next_index++), ""}, nullptr, new_pool(pool), false,
                           "new pool " + pool.name.value + " in " + pool.at.str(), pool.at});
    out.risk = std::max(out.risk, Risk::medium);
  }
  for (const auto& live_pool : live_pools.is_array() ? live_pools : nlohmann::json::array()) {
    const std::string name = live_pool.value("name", "");
    if (std::ranges::none_of(minio.pools, [&](const MinioPool& p) { return p.name.value == name; }))
      draft.refusals.push_back({"minio-pool-removal", "pool " + name + " of Tenant " + tenant.ref.str() +
                                " is missing from the manifests; the operator deletes a removed pool without checking "
                                "that MinIO finished decommissioning it: run `mc admin decommission` first, and keep the "
                                "pool listed until it is done", minio.tenant.at});
  }
}

}  // namespace

PlanDraft plan_minio(const Desired& desired, const LiveState& live, Diagnostics& problems) {
  PlanDraft draft;
  if (!desired.minio) return draft;
  const MinioDesired& minio = *desired.minio;
  const std::string ns = minio.ns.empty() ? desired.ns.value : minio.ns;
  const LiveObject* tenant = require_live(live, {"Tenant", ns, minio.tenant.value}, minio.tenant.at, problems);
  if (!tenant) return draft;
  TenantChanges out;
  if (minio.image && value_at(tenant->body, "/spec/image") != minio.image->value)
    out.changes.push_back({{"/spec/image", ""}, value_at(tenant->body, "/spec/image"), minio.image->value, false,
                           "minio.image in " + minio.image->at.str(), minio.image->at});
  plan_pools(minio, *tenant, out, draft);
  if (out.changes.empty()) return draft;
  add_update_and_wait(draft, {tenant->ref, std::move(out.changes), out.risk,
                              "the MinIO operator updates the Tenant online once MinIO is healthy (§2.4, §4.3)"});
  return draft;
}

}  // namespace synops
