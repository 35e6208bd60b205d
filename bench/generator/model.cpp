#include "model.h"

#include <algorithm>
#include <cstdio>

namespace synops::bench {

namespace {

// Caps that keep the generated homeserver.yaml inside the limits synops puts on any YAML it
// parses (100,000 nodes): each instance_map entry costs about four nodes.
constexpr std::int64_t kMaxInstanceMapEntries = 6000;
constexpr std::int64_t kMaxWriterReplicas = 24;

std::string numbered(const char* prefix, size_t index) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%s-%03zu", prefix, index);
  return buffer;
}

PoolClass pick_class(size_t index, Random& random) {
  // The first pools cover every class, so even the smallest deployment has one of each.
  static constexpr PoolClass kFirst[] = {PoolClass::synchrotron, PoolClass::generic, PoolClass::event_persister,
                                         PoolClass::federation_sender, PoolClass::media, PoolClass::stream_writer};
  if (index < std::size(kFirst)) return kFirst[index];
  const auto roll = random.between(0, 99);
  if (roll < 35) return PoolClass::synchrotron;
  if (roll < 55) return PoolClass::generic;
  if (roll < 70) return PoolClass::event_persister;
  if (roll < 75) return PoolClass::stream_writer;
  if (roll < 85) return PoolClass::federation_sender;
  return PoolClass::media;
}

Pool make_pool(PoolClass cls, size_t index, Random& random) {
  static constexpr const char* kRole[] = {"synchrotron", "generic", "event-persister", "stream-writer",
                                          "federation-sender", "media-repository"};
  Pool pool;
  pool.cls = cls;
  pool.role = numbered(kRole[static_cast<int>(cls)], index);
  pool.workload = "synapse-" + pool.role;
  switch (cls) {
    case PoolClass::synchrotron:
    case PoolClass::generic: pool.hpa = random.chance(0.3); break;
    case PoolClass::event_persister: pool.statefulset = true, pool.streams = {"events"}; break;
    case PoolClass::stream_writer:
      pool.statefulset = true;
      pool.streams = {random.chance(0.5) ? "receipts" : "device_lists"};
      break;
    case PoolClass::federation_sender: pool.statefulset = true, pool.federation_sender = true; break;
    case PoolClass::media: pool.statefulset = random.chance(0.5); break;
  }
  pool.rs_hash = random.alnum(10);
  return pool;
}

// The one pool that writes the streams Synapse allows a single writer for.
Pool single_writer_pool(Random& random) {
  Pool pool;
  pool.cls = PoolClass::stream_writer;
  pool.role = "stream-writer-singletons";
  pool.workload = "synapse-stream-writer-singletons";
  pool.statefulset = true;
  pool.single_writer = true;
  pool.streams = {"typing", "to_device", "account_data", "presence", "push_rules"};
  pool.rs_hash = random.alnum(10);
  return pool;
}

std::int64_t redis_objects(const RedisRelease& release) {
  return release.revisions + 1 /*password Secret*/ + 2 /*master and replicas StatefulSets*/ + 1 /*master pod*/ +
         release.live_replicas;
}

// Spreads `pods` over the pools: every pool has one; writers stay under the caps.
void spread_replicas(Model& model, std::int64_t pods, Random& random) {
  std::vector<std::int64_t> weight(model.pools.size());
  for (size_t i = 0; i < model.pools.size(); ++i) {
    model.pools[i].live_replicas = 1;
    weight[i] = model.pools[i].single_writer ? 0 : random.between(1, 8);
  }
  std::int64_t left = pods - static_cast<std::int64_t>(model.pools.size());
  std::int64_t total_weight = 0;
  for (auto w : weight) total_weight += w;
  std::int64_t writers = 0;
  for (const auto& pool : model.pools)
    if (!pool.streams.empty()) writers += pool.live_replicas;
  auto room = [&](const Pool& pool) {
    if (pool.single_writer) return false;
    if (pool.streams.empty()) return true;
    return pool.live_replicas < kMaxWriterReplicas && writers < kMaxInstanceMapEntries;
  };
  const std::int64_t share = left;
  for (size_t i = 0; i < model.pools.size() && total_weight > 0; ++i) {
    std::int64_t give = share * weight[i] / total_weight;
    while (give > 0 && left > 0 && room(model.pools[i])) {
      ++model.pools[i].live_replicas, --left, --give;
      if (!model.pools[i].streams.empty()) ++writers;
    }
  }
  for (size_t i = 0; left > 0; i = (i + 1) % model.pools.size()) {
    if (!room(model.pools[i])) {
      bool any = std::ranges::any_of(model.pools, room);
      if (!any) break;
      continue;
    }
    ++model.pools[i].live_replicas, --left;
    if (!model.pools[i].streams.empty()) ++writers;
  }
}

void apply_changes(Model& model, Random& random) {
  const double f = model.changed;
  // With api_only the same draws are made and the ones needing helm or PostgreSQL dropped,
  // so every other value is the one the full generation gives.
  const bool all = !model.api_only;
  model.main_old = random.chance(f) && all;
  model.li_old = random.chance(f) && all;
  for (auto& pool : model.pools) {
    pool.desired_replicas = pool.live_replicas;
    pool.hpa_min = 1;
    pool.hpa_max = pool.desired_hpa_max = std::max<std::int64_t>(pool.live_replicas + 2, 4);
    pool.old_image = random.chance(f) && all;
    if (pool.single_writer || !random.chance(f)) continue;
    if (pool.hpa) {
      pool.desired_hpa_max = pool.hpa_max + 2;
      continue;
    }
    static constexpr std::int64_t kDelta[] = {-3, -2, -1, 1, 2, 3};
    pool.desired_replicas = std::max<std::int64_t>(1, pool.live_replicas + kDelta[random.between(0, 5)]);
    if (!pool.streams.empty()) pool.desired_replicas = std::min(pool.desired_replicas, kMaxWriterReplicas + 3);
  }
  for (auto& certificate : model.certificates) {
    certificate.desired_dns = certificate.live_dns;
    if (random.chance(f)) certificate.desired_dns.push_back("alt-" + certificate.name + ".example.org");
  }
  for (auto& release : model.redis) release.desired_replicas = release.live_replicas + (random.chance(f) && all ? 1 : 0);
  if (random.chance(f) && all) model.desired_work_mem = "32MB";
  if (random.chance(f)) model.desired_rc_per_second = 20;
  if (random.chance(f)) model.live_element_image = "vectorim/element-web:v1.11.49";
  if (random.chance(f) && all) model.desired_minio_size = "750Gi";
}

}  // namespace

std::string Random::hex(int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < digits; ++i) out += kHex[next() % 16];
  return out;
}

std::string Random::alnum(int chars) {
  static constexpr char kChars[] = "bcdfghjklmnpqrstvwxz2456789";  // Kubernetes' safe alphabet
  std::string out;
  for (int i = 0; i < chars; ++i) out += kChars[next() % (sizeof kChars - 1)];
  return out;
}

std::int64_t Model::instance_map_entries() const {
  std::int64_t entries = 1;
  for (const auto& pool : pools)
    if (!pool.streams.empty()) entries += pool.desired_replicas;
  return entries;
}

std::optional<Model> build_model(std::int64_t size, std::uint64_t seed, double changed, bool api_only, std::string& error) {
  Model model;
  model.size = size;
  model.seed = seed;
  model.changed = changed;
  model.api_only = api_only;
  Random random(seed);

  // Objects that exist whatever the size (see objects.cpp for each one).
  model.minio_pools = static_cast<int>(1 + size / 25000);
  model.fixed_objects = 3 /*ConfigMaps*/ + 2 /*main + pod*/ + 2 /*LI + pod*/ + 1 + model.element_replicas +
                        1 + model.cnpg_instances + 4 /*CNPG Secrets*/ + 1 + model.minio_servers * model.minio_pools +
                        1 /*synapse-secrets*/;

  const size_t releases = static_cast<size_t>(std::clamp<std::int64_t>(2 + size / 1500, 2, 40));
  for (size_t i = 0; i < releases; ++i) {
    RedisRelease release;
    release.name = i == 0 ? "redis-synapse" : i == 1 ? "redis-livekit" : numbered("redis-cache", i);
    release.revisions = static_cast<int>(random.between(1, 10));
    release.live_replicas = random.between(1, 3);
    model.redis.push_back(release);
  }
  const size_t certificates = static_cast<size_t>(std::max<std::int64_t>(1, size / 60));
  for (size_t i = 0; i < certificates; ++i) {
    Certificate certificate;
    certificate.name = i == 0 ? "synapse-tls" : numbered("bridge", i) + "-tls";
    if (i == 0) certificate.live_dns = {"matrix.example.org", "example.org", "element.example.org"};
    else certificate.live_dns = {numbered("bridge", i) + ".example.org"};
    model.certificates.push_back(certificate);
  }
  const size_t pool_count = static_cast<size_t>(std::max<std::int64_t>(8, size / 32));
  model.pools.push_back(single_writer_pool(random));
  for (size_t i = 0; model.pools.size() < pool_count; ++i) model.pools.push_back(make_pool(pick_class(i, random), i + 1, random));

  std::int64_t others = model.fixed_objects + 2 * static_cast<std::int64_t>(certificates);
  for (const auto& release : model.redis) others += redis_objects(release);
  for (const auto& pool : model.pools) others += 2 /*workload + its log ConfigMap*/ + (pool.hpa ? 1 : 0);
  const std::int64_t pods = size - others;
  if (pods < static_cast<std::int64_t>(model.pools.size())) {
    error = "a deployment needs at least " + std::to_string(others + static_cast<std::int64_t>(model.pools.size())) +
            " live objects; asked for " + std::to_string(size);
    return std::nullopt;
  }
  spread_replicas(model, pods, random);
  std::int64_t placed = 0;
  for (const auto& pool : model.pools) placed += pool.live_replicas;
  if (placed != pods) {
    error = "cannot place " + std::to_string(pods) + " pods under the writer caps";
    return std::nullopt;
  }
  apply_changes(model, random);

  // The most processes any state of a plan holds: a pool at the larger of its live and
  // desired replicas, one an HPA owns at its larger maxReplicas (as the connection budget
  // counts them, domain/synapse/connection_facts.h), main and the LI.
  std::int64_t processes = 2;
  for (const auto& pool : model.pools)
    processes += pool.hpa ? std::max(pool.hpa_max, pool.desired_hpa_max) : std::max(pool.live_replicas, pool.desired_replicas);
  // Room for every process's pool, the 3 reserved slots and synops' 10 of headroom, rounded.
  model.max_connections = std::max<std::int64_t>(500, (processes * model.cp_max + 1000 + 99) / 100 * 100);
  return model;
}

}  // namespace synops::bench
