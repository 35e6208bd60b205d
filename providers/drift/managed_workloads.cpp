#include "managed_workloads.h"

#include "providers/synapse/synapse_topology.h"

namespace synops {

std::vector<ManagedWorkload> managed_workloads(const Desired& desired, const LiveState& live) {
  std::vector<ManagedWorkload> out;
  auto add = [&](const WorkloadRef& ref, bool synapse) {
    if (const LiveObject* object = live.find({ref.kind.value, desired.ns.value, ref.name.value}))
      out.push_back({object, ref.at, synapse});
  };
  for (const auto& workload : synapse_workloads(desired.synapse)) add(*workload.ref, true);
  if (desired.element.workload) add(*desired.element.workload, false);
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
