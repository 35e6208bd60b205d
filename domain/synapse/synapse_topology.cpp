#include "synapse_topology.h"

#include <algorithm>

namespace synops {

int guide_rank(const WorkerPool& pool) {
  const std::string& role = pool.role.value;
  auto has = [&](const char* word) { return role.find(word) != std::string::npos; };
  const bool writes_events =
      std::ranges::any_of(pool.streams, [](const Located<std::string>& s) { return s.value == "events"; });
  if (has("synchrotron")) return 1;
  if (has("generic")) return 2;
  if (writes_events || has("event-persister") || has("event_persister")) return 3;
  if (pool.federation_sender || has("federation-sender") || has("federation_sender")) return 4;
  if (has("media")) return 5;
  return 6;
}

std::vector<SynapseWorkload> synapse_workloads(const SynapseDesired& synapse) {
  std::vector<SynapseWorkload> out;
  if (synapse.main) out.push_back({SynapseRole::main, "main", &*synapse.main, nullptr, &synapse.main_image});
  std::vector<SynapseWorkload> workers;
  for (const auto& pool : synapse.workers)
    workers.push_back({SynapseRole::worker, pool.role.value, &pool.workload, &pool, &synapse.workers_image});
  // Stable: pools of the same rank keep their manifest order.
  std::ranges::stable_sort(workers, {}, [](const SynapseWorkload& w) { return guide_rank(*w.pool); });
  out.insert(out.end(), workers.begin(), workers.end());
  if (synapse.li) out.push_back({SynapseRole::li, "li", &*synapse.li, nullptr, &synapse.li_image});
  return out;
}

bool mounts_config_map(const LiveObject& workload, const std::string& config_map) {
  const auto volumes = workload.body.value("/spec/template/spec/volumes"_json_pointer, nlohmann::json::array());
  for (const auto& volume : volumes) {
    if (volume.value("/configMap/name"_json_pointer, std::string()) == config_map) return true;
    for (const auto& source : volume.value("/projected/sources"_json_pointer, nlohmann::json::array()))
      if (source.value("/configMap/name"_json_pointer, std::string()) == config_map) return true;
  }
  return false;
}

}  // namespace synops
