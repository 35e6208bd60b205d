// synapse.workers: `image` is the workers' image (values/images.yaml); every other key is
// a pool (topology.yaml), kept in manifest order. Pools that write streams or send
// federation are named in homeserver.yaml by instance (pod) name, so they must be
// StatefulSets: a Deployment's pod names change on every rollout.
#include <algorithm>
#include <set>

#include "did_you_mean.h"
#include "manifest_keys.h"
#include "sections.h"

namespace synops {
namespace {

void read_stream(const Node& item, const std::string& streams_path, std::set<std::string>& seen, WorkerPool& pool,
                 Diagnostics& problems) {
  auto stream = read_text(item, problems);
  if (!stream) return;
  const auto& known = manifest_keys::streams;
  const std::string& name = stream->value;
  if (std::ranges::find(known, name) == known.end()) {
    report(problems, item.at(), "unknown stream \"" + name + "\" in " + streams_path + did_you_mean(name, known) +
                                    " (valid streams: " + comma_list(known) + ")");
  } else if (!seen.insert(name).second) {
    report(problems, item.at(), "stream \"" + name + "\" is listed twice in " + streams_path);
  } else {
    pool.streams.push_back(*stream);
  }
}

void read_streams(const Node& streams, WorkerPool& pool, Diagnostics& problems) {
  if (!streams.is_sequence()) return report_type(streams, "a sequence of stream names", problems);
  std::set<std::string> seen;
  for (const Node& item : streams.items()) read_stream(item, streams.path(), seen, pool, problems);
}

void read_hpa(const Node& hpa, WorkerPool& pool, Diagnostics& problems) {
  if (!expect_mapping(hpa, problems)) return;
  check_keys(hpa, manifest_keys::hpa, problems);
  const auto min = integer_member(hpa, "minReplicas", kPositive, Need::required, problems);
  const auto max = integer_member(hpa, "maxReplicas", kPositive, Need::required, problems);
  if (!min || !max) return;
  if (max->value < min->value) {
    const Node max_node = *hpa.get("maxReplicas");
    return report(problems, max->at, subject(max_node) + " must be at least minReplicas (" + std::to_string(min->value) +
                                         "), got \"" + max_node.raw() + "\"");
  }
  pool.hpa = HpaBounds{*min, *max};
}

// Stream writers and federation senders are listed by instance name: StatefulSet only.
void check_stable_kind(const Node& entry, const WorkerPool& pool, Diagnostics& problems) {
  if (pool.workload.kind.value != "Deployment") return;
  const char* why = !pool.streams.empty() ? "writes streams" : pool.federation_sender ? "sends federation" : nullptr;
  if (why == nullptr) return;
  report(problems, pool.workload.kind.at,
         subject(*entry.get("kind")) + " must be StatefulSet because the pool " + why +
             " (its instance names must be stable), got \"Deployment\"");
}

void read_pool_options(const Node& entry, WorkerPool& pool, Diagnostics& problems) {
  pool.replicas = integer_member(entry, "replicas", kNonNegative, Need::optional, problems);
  if (auto streams = entry.get("streams")) read_streams(*streams, pool, problems);
  if (auto sender = entry.get("federation_sender")) {
    if (auto flag = read_bool(*sender, problems)) pool.federation_sender = flag->value, pool.federation_sender_at = flag->at;
  }
  if (auto hpa = entry.get("hpa")) {
    read_hpa(*hpa, pool, problems);
    if (pool.replicas)
      report(problems, hpa->key_at(), entry.path() + " sets both \"replicas\" and \"hpa\"; a HorizontalPodAutoscaler owns the replica count, so set only one");
  }
  pool.service_name = pool.workload.name.value;
  if (auto service = name_member(entry, "serviceName", Need::optional, problems)) pool.service_name = service->value;
  if (auto port = integer_member(entry, "replicationPort", kPort, Need::optional, problems)) pool.replication_port = port->value;
  if (auto scale_down = entry.get("scaleDown")) {
    const ScaleDownKeys keys = read_scale_down(*scale_down, problems);
    pool.scale_down_step = keys.step;
    pool.scale_down_pause_seconds = keys.pause_seconds;
  }
}

std::optional<WorkerPool> read_worker_pool(const Node& entry, Diagnostics& problems) {
  if (!expect_mapping(entry, problems)) return std::nullopt;
  check_keys(entry, manifest_keys::worker_pool, problems);
  WorkerPool pool;
  pool.role = Located<std::string>{entry.label(), entry.key_at()};
  auto workload = read_workload(entry, "synapse", problems);
  if (workload) pool.workload = std::move(*workload);
  else pool.workload.at = entry.at();
  if (auto resources = entry.get("resources")) pool.workload.resources = read_container_resources(*resources, problems);
  read_pool_options(entry, pool, problems);
  if (!workload) return std::nullopt;
  check_stable_kind(entry, pool, problems);
  return pool;
}

}  // namespace

void read_worker_pools(const Node& workers, SynapseDesired& desired, Diagnostics& problems) {
  if (!expect_mapping(workers, problems)) return;
  for (const Node& entry : workers.members()) {  // members() keeps manifest order
    if (entry.label() == "image") {
      desired.workers_image = read_text(entry, problems);
    } else if (auto pool = read_worker_pool(entry, problems)) {
      desired.workers.push_back(std::move(*pool));
    }
  }
}

}  // namespace synops
