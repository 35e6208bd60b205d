// The shape of a generated deployment, decided once from (size, seed, changed): worker pools
// and their live and desired replicas and images, certificates, Redis releases, and the
// PostgreSQL and MinIO values. The manifest writer and the live-object writer both read this
// model, so the two sides agree by construction wherever --changed leaves a value alone.
#pragma once
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace synops::bench {

// Deterministic across platforms: only raw engine output is used, never std::*_distribution.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t next() { return engine_(); }
  std::int64_t between(std::int64_t low, std::int64_t high) {  // inclusive
    return low + static_cast<std::int64_t>(engine_() % static_cast<std::uint64_t>(high - low + 1));
  }
  bool chance(double probability) { return static_cast<double>(engine_() >> 11) * 0x1.0p-53 < probability; }
  std::string hex(int digits);
  std::string alnum(int chars);  // lowercase letters and digits, as in pod-name suffixes

 private:
  std::mt19937_64 engine_;
};

enum class PoolClass { synchrotron, generic, event_persister, stream_writer, federation_sender, media };

struct Pool {
  std::string role;      // key under synapse.workers: "synchrotron-007"
  std::string workload;  // "synapse-synchrotron-007"
  PoolClass cls = PoolClass::generic;
  bool statefulset = false;
  std::vector<std::string> streams;
  bool federation_sender = false;
  bool single_writer = false;      // writes a stream Synapse allows one writer for: always 1 replica
  bool hpa = false;                // replicas owned by a HorizontalPodAutoscaler
  std::int64_t live_replicas = 1;
  std::int64_t desired_replicas = 1;  // equals live_replicas unless --changed picked it
  std::int64_t hpa_min = 1, hpa_max = 1, desired_hpa_max = 1;
  bool old_image = false;  // live still runs the previous Synapse version
  std::string rs_hash;     // pod-template-hash (Deployment) or controller-revision-hash suffix
};

struct Certificate {
  std::string name;
  std::vector<std::string> live_dns;
  std::vector<std::string> desired_dns;
};

struct RedisRelease {
  std::string name;
  int revisions = 1;  // Secrets sh.helm.release.v1.NAME.v1..vN; the last one is deployed
  std::int64_t live_replicas = 1, desired_replicas = 1;
  std::string image_tag = "7.4.1-debian-12-r2";
};

struct Model {
  std::int64_t size = 0;  // live objects, exactly
  std::uint64_t seed = 1;
  double changed = 0;
  // Only changes that apply through the Kubernetes API alone (worker replicas and HPAs, the
  // rate limit, certificates, Element's image): none needs helm or a pg_dump, so an apply of
  // the plan runs against the API test server by itself (bench/apply_overhead).
  bool api_only = false;
  std::string ns = "matrix";
  std::string minio_ns = "minio-tenant";
  std::string synapse_version = "v1.120.0";  // what the manifests ask for
  std::string old_synapse_version = "v1.119.0";
  bool main_old = false, li_old = false;
  std::vector<Pool> pools;  // manifest order
  std::vector<Certificate> certificates;
  std::vector<RedisRelease> redis;
  std::int64_t cp_max = 10;
  std::int64_t max_connections = 500;
  std::string live_work_mem = "16MB", desired_work_mem = "16MB";
  std::int64_t live_rc_per_second = 10, desired_rc_per_second = 10;
  std::string live_element_image = "vectorim/element-web:v1.11.50";
  std::string desired_element_image = "vectorim/element-web:v1.11.50";
  int minio_pools = 1;
  std::string live_minio_size = "500Gi", desired_minio_size = "500Gi";
  std::int64_t cnpg_instances = 3, minio_servers = 4;
  std::int64_t element_replicas = 2;
  // Objects that are neither pool pods nor listed above, counted so the total is exact.
  std::int64_t fixed_objects = 0;

  std::string image(bool old) const { return "matrixdotorg/synapse:" + (old ? old_synapse_version : synapse_version); }
  std::int64_t instance_map_entries() const;
};

// Builds the model; fails (returns nullopt with a message) when `size` is too small to hold
// the fixed objects of a deployment.
std::optional<Model> build_model(std::int64_t size, std::uint64_t seed, double changed, bool api_only, std::string& error);

}  // namespace synops::bench
