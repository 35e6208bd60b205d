// PostgreSQL, MinIO, Redis, Element and certificate procedures on top of examples/matrix.
#include <doctest/doctest.h>

#include "domain/planning_kit/quantity.h"
#include "support/scenario.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;

namespace {


void set_parameter(Scenario& s, const std::string& name, const std::string& value) {
  s.desired.postgres->parameters.value[name] = value;
  s.desired.postgres->parameters.positions["/" + name] = SourcePosition{"postgres.yaml", 9, 21};
}

}  // namespace

TEST_CASE("PostgreSQL minor image: high risk, backups, rolling update, wait for healthy") {
  Scenario s = Scenario::in_sync();
  s.desired.postgres->image->value = "ghcr.io/cloudnative-pg/postgresql:16.4";
  const Plan plan = s.plan();
  CHECK(steps_text(plan) == "backup " + kPostgresClusterKey + " object-copy\nbackup " + kPostgresClusterKey + " pg_dump\nupdate " + kPostgresClusterKey + "\nwait " + kPostgresClusterKey + "\n");
  CHECK(plan.summary.risk == Risk::high);
  CHECK(plan.summary.maintenance_window);
  CHECK(step(plan, "update " + kPostgresClusterKey).restarts_pods);
  CHECK(step(plan, "update " + kPostgresClusterKey).changes[0].path.str() == "/spec/imageName");
}

TEST_CASE("PostgreSQL parameters: reload ones are medium, restart-requiring ones high") {
  Scenario reload = Scenario::in_sync();
  set_parameter(reload, "work_mem", "32MB");
  const Plan reload_plan = reload.plan();
  CHECK(reload_plan.summary.risk == Risk::medium);
  CHECK_FALSE(step(reload_plan, "update " + kPostgresClusterKey).restarts_pods);
  CHECK(step(reload_plan, "update " + kPostgresClusterKey).changes[0].path.str() == "/spec/postgresql/parameters/work_mem");

  Scenario restart = Scenario::in_sync();
  set_parameter(restart, "shared_buffers", "8GB");
  const Plan restart_plan = restart.plan();
  CHECK(restart_plan.summary.risk == Risk::high);
  CHECK(step(restart_plan, "update " + kPostgresClusterKey).restarts_pods);
  CHECK(step(restart_plan, "update " + kPostgresClusterKey).changes[0].reason.find("needs a restart") != std::string::npos);
}

TEST_CASE("PostgreSQL instances and resources roll every instance: high risk") {
  Scenario s = Scenario::in_sync();
  s.desired.postgres->instances->value = 4;
  (*s.desired.postgres->resources).value["limits"]["memory"] = "16Gi";
  const Plan plan = s.plan();
  const Action& update = step(plan, "update " + kPostgresClusterKey);
  REQUIRE(update.changes.size() == 2);
  CHECK(update.changes[0].path.str() == "/spec/instances");
  CHECK(update.changes[1].path.str() == "/spec/resources/limits/memory");
  CHECK(plan.summary.risk == Risk::high);
}

TEST_CASE("CloudNativePG explained for each kind of change (§3.2-3.5)") {
  const auto reason_of = [](const Scenario& s) { return step(s.plan({.allow_critical = true}), "update " + kPostgresClusterKey).reason; };
  Scenario more = Scenario::in_sync();
  more.desired.postgres->instances->value = 4;
  CHECK(reason_of(more) == "CloudNativePG adds 1 replica, each cloned from the primary; the running instances keep running (§4.2)");
  Scenario fewer = Scenario::in_sync();
  fewer.desired.postgres->instances->value = 1;
  CHECK(reason_of(fewer) == "CloudNativePG removes 2 replicas, never the primary; the other instances keep running (§4.2)");
  Scenario reload = Scenario::in_sync();
  set_parameter(reload, "work_mem", "32MB");
  CHECK(reason_of(reload) == "CloudNativePG reloads the configuration on every instance, without a restart (§3.2)");
  Scenario raise = Scenario::in_sync();
  set_parameter(raise, "max_connections", "600");
  CHECK(reason_of(raise) == "CloudNativePG rolls the instances: replicas first, one at a time, then the primary (§2.2, §3.2)");
  Scenario lower = Scenario::in_sync();
  set_parameter(lower, "max_connections", "200");
  const Plan lowered = lower.plan();
  CHECK(step(lowered, "update " + kPostgresClusterKey).reason ==
        "CloudNativePG restarts the primary first, since a standby needs values at least the primary's, then the replicas (§3.2)");
  CHECK(step(lowered, "update " + kPostgresClusterKey).changes[0].reason.find("lowering it makes CNPG restart the primary first") != std::string::npos);
  Scenario major = Scenario::in_sync();
  major.desired.postgres->image->value = "ghcr.io/cloudnative-pg/postgresql:17.2";
  CHECK(reason_of(major).starts_with("CloudNativePG upgrades the major version offline (pg_upgrade --link): every instance stops"));
}

TEST_CASE("PostgreSQL major version: refused unless allowed, then critical inside maintenance mode") {
  Scenario s = Scenario::in_sync();
  s.desired.postgres->image->value = "ghcr.io/cloudnative-pg/postgresql:17.2";
  const Plan refused = s.plan();
  REQUIRE(refused.refusals.size() == 1);
  CHECK(refused.refusals[0].rule == "postgres-major-upgrade");
  CHECK(refused.summary.risk == Risk::critical);

  const Plan allowed = s.plan({.allow_critical = true});
  CHECK(allowed.refusals.empty());
  CHECK(steps_text(allowed) == "backup " + kPostgresClusterKey + " object-copy\nbackup " + kPostgresClusterKey + " pg_dump" +
                                   "\nmaintenance Namespace/matrix on\nupdate " + kPostgresClusterKey + "\nwait " + kPostgresClusterKey +
                                   "\nmaintenance Namespace/matrix off\n");
  CHECK_FALSE(step(allowed, "update " + kPostgresClusterKey).reversible);
  // Maintenance mode stops every Synapse process, main first in the list (it starts first).
  const Action& on = step(allowed, "maintenance Namespace/matrix on");
  CHECK(on.maintenance_on == true);
  CHECK(on.maintenance_method == MaintenanceMethod::scale_to_zero);
  REQUIRE(on.workloads.size() == 7);
  CHECK(on.workloads.front().str() == "StatefulSet/matrix/synapse-main");
  CHECK(on.workloads.back().str() == "StatefulSet/matrix/synapse-li");
  CHECK(on.reason.find("for a critical change (§6.2, scale-to-zero): record the replicas of synapse-main, 5 worker pools and the "
                       "LI instance synapse-li, scale each to 0") != std::string::npos);
  CHECK(step(allowed, "maintenance Namespace/matrix off").workloads == on.workloads);
  CHECK(on.risk == Risk::critical);
}

TEST_CASE("a PostgreSQL downgrade of the major version is refused even when critical changes are allowed") {
  Scenario s = Scenario::in_sync();
  s.desired.postgres->image->value = "ghcr.io/cloudnative-pg/postgresql:15.8";
  const Plan plan = s.plan({.allow_critical = true});
  REQUIRE(plan.refusals.size() == 1);
  CHECK(plan.refusals[0].rule == "postgres-major-downgrade");
}

TEST_CASE("a parameter CNPG fixes is refused with CNPG's reason") {
  Scenario s = Scenario::in_sync();
  set_parameter(s, "port", "5433");
  const Plan plan = s.plan();
  REQUIRE(plan.refusals.size() == 1);
  CHECK(plan.refusals[0].rule == "cnpg-fixed-parameter");
  CHECK(plan.refusals[0].message.find("Can't set fixed configuration parameter") != std::string::npos);
  CHECK(plan.refusals[0].where.str() == "postgres.yaml:9:21");
}

TEST_CASE("MinIO: a new pool is medium risk; the image alone is low") {
  Scenario pool = Scenario::in_sync();
  pool.desired.minio->pools.push_back(
      MinioPool{{"pool-1", {}}, {4, {}}, {4, {}}, {"1Ti", {}}, Located<std::string>{"fast-ssd", {}}, {"storage.yaml", 7, 7}});
  const Plan pool_plan = pool.plan();
  const Action& update = step(pool_plan, "update Tenant/minio-tenant/synapse-storage");
  REQUIRE(update.changes.size() == 1);
  CHECK(update.changes[0].path.str() == "/spec/pools/1");
  CHECK(update.changes[0].before.is_null());
  CHECK(update.changes[0].after["servers"] == 4);
  CHECK(update.changes[0].after["volumeClaimTemplate"]["spec"]["storageClassName"] == "fast-ssd");
  CHECK(pool_plan.summary.risk == Risk::medium);

  Scenario image = Scenario::in_sync();
  image.desired.minio->image->value = "quay.io/minio/minio:RELEASE.2025-04-08T15-41-24Z";
  const Plan image_plan = image.plan();
  CHECK(steps_text(image_plan) == "update Tenant/minio-tenant/synapse-storage\nwait Tenant/minio-tenant/synapse-storage\n");
  CHECK(image_plan.summary.risk == Risk::low);
}

TEST_CASE("MinIO: changing servers of a pool, or removing a pool, is refused") {
  Scenario servers = Scenario::in_sync();
  servers.desired.minio->pools[0].servers.value = 8;
  const Plan servers_plan = servers.plan();
  REQUIRE(servers_plan.refusals.size() == 1);
  CHECK(servers_plan.refusals[0].rule == "minio-pool-immutable");

  Scenario removed = Scenario::in_sync();
  removed.desired.minio->pools[0].name.value = "pool-9";
  const Plan removed_plan = removed.plan();
  bool removal = false;
  for (const auto& refusal : removed_plan.refusals) removal = removal || refusal.rule == "minio-pool-removal";
  CHECK(removal);
}

TEST_CASE("MinIO: a pool grows, but shrinking it or moving it to another storage class is refused with the reason") {
  Scenario grow = Scenario::in_sync();  // live: 500Gi
  grow.desired.minio->pools[0].size.value = "1Ti";
  const Plan grown = grow.plan();
  CHECK(grown.refusals.empty());
  CHECK(step(grown, "update Tenant/minio-tenant/synapse-storage").changes[0].after == "1Ti");

  for (const std::string smaller : {"250Gi", "0.4Ti", "500G"}) {  // 500G is 465.7Gi
    CAPTURE(smaller);
    Scenario shrink = Scenario::in_sync();
    shrink.desired.minio->pools[0].size.value = smaller;
    const Plan plan = shrink.plan();
    REQUIRE(plan.refusals.size() == 1);
    CHECK(plan.refusals[0].rule == "minio-pool-shrink");
    CHECK(plan.refusals[0].message == "pool pool-0 asks for " + smaller + " a volume, less than the 500Gi its volumes have: the "
                                      "MinIO operator only grows volume claims and ignores a decrease, so this would never "
                                      "happen; keep 500Gi, or add a smaller pool and decommission this one");
  }

  Scenario moved = Scenario::in_sync();
  moved.edit_live("Tenant", "synapse-storage", [](nlohmann::json& tenant) {
    tenant["spec"]["pools"][0]["volumeClaimTemplate"]["spec"]["storageClassName"] = "standard";
  }, "minio-tenant");
  moved.desired.minio->pools[0].storage_class = Located<std::string>{"fast-ssd", {"storage.yaml", 6, 7}};
  const Plan plan = moved.plan();
  REQUIRE(plan.refusals.size() == 1);
  CHECK(plan.refusals[0].rule == "minio-pool-immutable");
  CHECK(plan.refusals[0].message.find("storageClassName \"standard\" live") != std::string::npos);
}

TEST_CASE("quantities compare by value, as the API compares them") {
  CHECK(*quantity_value("1Ti") > *quantity_value("500Gi"));
  CHECK(*quantity_value("1Gi") == 1073741824.0L);
  CHECK(*quantity_value("1.5k") == 1500.0L);
  CHECK(*quantity_value("100m") == doctest::Approx(0.1));
  CHECK(*quantity_value("1e3") == 1000.0L);
  CHECK_FALSE(quantity_value("lots"));
  CHECK_FALSE(quantity_value("5Qi"));
  CHECK_FALSE(quantity_value(""));
}

TEST_CASE("Redis version and replicas are Helm values; low risk") {
  Scenario s = Scenario::in_sync();
  s.desired.redis[1].image_tag->value = "7.4.2-debian-12-r0";  // redis-synapse (sorted by name)
  s.desired.redis[1].replicas->value = 4;
  const Plan plan = s.plan();
  const Action& update = step(plan, "update HelmRelease/matrix/redis-synapse");
  REQUIRE(update.changes.size() == 2);
  CHECK(update.changes[0].path.str() == "/values/image/tag");
  CHECK(update.changes[1].path.str() == "/values/replica/replicaCount");
  CHECK(update.changes[1].before == 3);
  CHECK(update.helm == HelmRevision{2, "redis"});
  CHECK(plan.summary.risk == Risk::low);
}

TEST_CASE("Element image and certificate names: low risk, each with its wait") {
  Scenario s = Scenario::in_sync();
  s.desired.element.image->value = "vectorim/element-web:v1.11.90";
  s.desired.certificates[0].dns_names.push_back({"call.example.org", {}});
  const Plan plan = s.plan();
  CHECK(steps_text(plan) == "update Certificate/matrix/synapse-tls\nwait Certificate/matrix/synapse-tls\n"
                            "update Deployment/matrix/element-web\nwait Deployment/matrix/element-web\n");
  CHECK(plan.summary.risk == Risk::low);
  CHECK(plan.summary.restarts == std::vector<std::string>{"Deployment/matrix/element-web"});
}
