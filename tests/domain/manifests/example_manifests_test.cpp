// The example deployment (examples/matrix) loads, and its typed values are what the files say.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "domain/manifests/manifest_loader.h"
#include "support/diagnostics_text.h"

namespace synops {
namespace {

namespace fs = std::filesystem;

const fs::path kExample = fs::path(SYNOPS_SOURCE_DIR) / "examples" / "matrix";

Desired load_example() {
  auto desired = load_manifests(kExample);
  if (!desired) FAIL(testing::diagnostics_text(desired.error()));
  return *desired;
}

TEST_CASE("the example loads: namespace, live source, images") {
  const Desired d = load_example();
  CHECK(d.root_dir == kExample.string());
  CHECK(d.ns.value == "matrix");
  CHECK(d.ns.at.str() == "synops.yaml:3:12");
  REQUIRE(d.live.snapshot);
  CHECK(d.live.snapshot->value == "live/cluster.json");
  CHECK(!d.live.kubeconfig);
  CHECK(d.synapse.main_image->value == "matrixdotorg/synapse:v1.120.0");
  CHECK(d.synapse.main_image->at.str() == "values/images.yaml:4:20");
  CHECK(d.synapse.workers_image->value == "matrixdotorg/synapse:v1.120.0");
  CHECK(d.synapse.li_image->value == "matrixdotorg/synapse:v1.120.0");
  CHECK(d.element.image->value == "vectorim/element-web:v1.11.50");
  CHECK(d.postgres->image->value == "ghcr.io/cloudnative-pg/postgresql:16.3");
  CHECK(d.minio->image->value == "quay.io/minio/minio:RELEASE.2024-11-07T00-52-20Z");
}

TEST_CASE("the example loads: topology, in manifest order, with defaults") {
  const Desired d = load_example();
  REQUIRE(d.synapse.main);
  CHECK(d.synapse.main->kind.value == "StatefulSet");
  CHECK(d.synapse.main->name.value == "synapse-main");
  CHECK(d.synapse.main->container == "synapse");
  CHECK(d.synapse.main->at.str() == "topology.yaml:4:9");
  CHECK(d.synapse.li->name.value == "synapse-li");
  CHECK(d.synapse.main_service == "synapse-main");
  CHECK(d.synapse.main_replication_port == 9093);
  std::vector<std::string> roles;
  for (const auto& pool : d.synapse.workers) roles.push_back(pool.role.value);
  CHECK(roles == std::vector<std::string>{"synchrotron", "generic", "event-persister", "federation-sender", "media-repository"});
  const WorkerPool& synchrotron = d.synapse.workers[0];
  CHECK(synchrotron.workload.kind.value == "Deployment");
  CHECK(synchrotron.workload.name.value == "synapse-synchrotron");
  CHECK(synchrotron.replicas->value == 8);
  CHECK(synchrotron.replicas->at.str() == "topology.yaml:7:87");
  CHECK(synchrotron.service_name == "synapse-synchrotron");
  CHECK(synchrotron.replication_port == 9093);
  CHECK(!synchrotron.federation_sender);
  const WorkerPool& persister = d.synapse.workers[2];
  REQUIRE(persister.streams.size() == 1);
  CHECK(persister.streams[0].value == "events");
  CHECK(d.synapse.workers[3].federation_sender);
  CHECK(d.synapse.workers[3].federation_sender_at.str() == "topology.yaml:10:109");
  REQUIRE(d.element.workload);
  CHECK(d.element.workload->name.value == "element-web");
  CHECK(d.element.workload->container == "element-web");
}

TEST_CASE("the example loads: synapse.yaml, postgres, minio, redis, tls") {
  const Desired d = load_example();
  CHECK(d.synapse.config_map->value == "synapse-config");
  CHECK(d.synapse.config_key == "homeserver.yaml");
  CHECK(d.synapse.homeserver.value.dump() == R"({"database":{"args":{"cp_max":10}},"rc_message":{"burst_count":50,"per_second":10}})");
  CHECK(d.synapse.homeserver.position_of("/rc_message/burst_count").str() == "synapse.yaml:7:47");
  CHECK(d.synapse.scale_down_step == 2);
  CHECK(d.synapse.scale_down_pause_seconds == 600);  // the guide's pause (§4.1)
  REQUIRE(d.postgres);
  CHECK(d.postgres->cluster.value == "synapse-postgres");
  CHECK(d.postgres->instances->value == 3);
  CHECK(d.postgres->connection_headroom == 10);
  CHECK(d.postgres->parameters.value.dump() == R"({"max_connections":"500","shared_buffers":"4GB","work_mem":"16MB"})");
  CHECK(d.postgres->parameters.position_of("/shared_buffers").str() == "postgres.yaml:8:21");
  CHECK(d.postgres->resources->value.dump() == R"({"limits":{"memory":"8Gi"},"requests":{"cpu":"2","memory":"8Gi"}})");
  REQUIRE(d.minio);
  CHECK(d.minio->tenant.value == "synapse-storage");
  CHECK(d.minio->ns == "minio-tenant");
  REQUIRE(d.minio->pools.size() == 1);
  CHECK(d.minio->pools[0].name.value == "pool-0");
  CHECK(d.minio->pools[0].servers.value == 4);
  CHECK(d.minio->pools[0].volumes_per_server.value == 4);
  CHECK(d.minio->pools[0].size.value == "500Gi");
  REQUIRE(d.redis.size() == 2);
  CHECK(d.redis[0].name.value == "redis-livekit");  // sorted by name
  CHECK(d.redis[0].replicas->value == 1);
  CHECK(d.redis[1].name.value == "redis-synapse");
  CHECK(d.redis[1].image_tag->value == "7.4.1-debian-12-r2");
  REQUIRE(d.certificates.size() == 1);
  CHECK(d.certificates[0].name.value == "synapse-tls");
  REQUIRE(d.certificates[0].dns_names.size() == 3);
  CHECK(d.certificates[0].dns_names[1].value == "example.org");
}

// Every field of a Desired, positions included, as one JSON text to compare loads.
template <class T>
nlohmann::json located(const Located<T>& value) { return {value.value, value.at.str()}; }
template <class T>
nlohmann::json located(const std::optional<Located<T>>& value) { return value ? located(*value) : nullptr; }
nlohmann::json tree(const LocatedTree& t) {
  nlohmann::json positions;
  for (const auto& [pointer, at] : t.positions) positions[pointer] = at.str();
  return {t.value, positions, t.raw};
}
nlohmann::json workload(const std::optional<WorkloadRef>& w) {
  return w ? nlohmann::json{located(w->kind), located(w->name), w->container, w->at.str()} : nullptr;
}

std::string summary(const Desired& d) {
  nlohmann::json out;
  out["ns"] = located(d.ns);
  out["live"] = {located(d.live.snapshot), located(d.live.kubeconfig), located(d.live.context)};
  const SynapseDesired& s = d.synapse;
  out["synapse"] = {located(s.main_image), located(s.workers_image), located(s.li_image), workload(s.main),
                    workload(s.li), located(s.config_map), s.config_key, tree(s.homeserver), s.main_replication_port,
                    s.main_service, s.scale_down_step, s.scale_down_pause_seconds, located(s.base_url)};
  for (const WorkerPool& p : s.workers) {
    nlohmann::json streams = nlohmann::json::array();
    for (const auto& stream : p.streams) streams.push_back(located(stream));
    out["workers"].push_back({located(p.role), workload(p.workload), located(p.replicas), streams, p.federation_sender,
                              p.federation_sender_at.str(), p.hpa.has_value(), p.replication_port, p.service_name});
  }
  if (d.postgres)
    out["postgres"] = {located(d.postgres->cluster), located(d.postgres->image), located(d.postgres->instances),
                       tree(d.postgres->parameters), tree(*d.postgres->resources), d.postgres->connection_headroom,
                       d.postgres->at.str()};
  if (d.minio) {
    out["minio"] = {located(d.minio->tenant), d.minio->ns, located(d.minio->image), d.minio->at.str()};
    for (const MinioPool& p : d.minio->pools)
      out["pools"].push_back({located(p.name), located(p.servers), located(p.volumes_per_server), located(p.size), p.at.str()});
  }
  for (const RedisRelease& r : d.redis)
    out["redis"].push_back({located(r.name), located(r.image_tag), located(r.replicas), r.at.str()});
  for (const CertificateDesired& c : d.certificates) {
    out["certificates"].push_back({located(c.name), c.at.str()});
    for (const auto& name : c.dns_names) out["certificates"].back().push_back(located(name));
  }
  out["element"] = {located(d.element.image), workload(d.element.workload)};
  return out.dump(1);
}

TEST_CASE("the order of includes does not change what is loaded") {
  std::string pattern = (fs::temp_directory_path() / "synops-order-XXXXXX").string();
  const fs::path dir = mkdtemp(pattern.data());
  fs::copy(kExample, dir, fs::copy_options::recursive);
  std::ofstream(dir / "synops.yaml", std::ios::trunc)
      << "namespace: matrix\ninclude: [tls.yaml, redis.yaml, storage.yaml, synapse.yaml, postgres.yaml,\n"
         "  topology.yaml, values/images.yaml]\nlive:\n  snapshot: live/cluster.json\n";
  auto reordered = load_manifests(dir);
  fs::remove_all(dir);
  REQUIRE_MESSAGE(reordered, testing::diagnostics_text(reordered.error()));
  // Only the positions in synops.yaml itself may move; compare all the rest.
  Desired original = load_example();
  original.ns.at = reordered->ns.at;
  original.live.snapshot->at = reordered->live.snapshot->at;
  original.root_dir = reordered->root_dir;
  CHECK(summary(*reordered) == summary(original));
}

}  // namespace
}  // namespace synops
