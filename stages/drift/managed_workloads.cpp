#include "managed_workloads.h"

#include "domain/synapse/synapse_topology.h"

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

}  // namespace synops
