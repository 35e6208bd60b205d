// The Synapse processes the manifests name, in the guide's upgrade order (§2.1):
// main, then synchrotron, generic, event-persister, federation-sender, media-repository,
// any other worker pool, and the LI instance last.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/live_state.h"
#include "engine/object_ref.h"
#include "domain/manifests/desired.h"

namespace synops {

enum class SynapseRole { main, worker, li };

struct SynapseWorkload {
  SynapseRole role = SynapseRole::worker;
  std::string label;                 // "main", "li" or the pool's key ("event-persister")
  const WorkloadRef* ref = nullptr;
  const WorkerPool* pool = nullptr;  // workers only
  const std::optional<Located<std::string>>* image = nullptr;  // the desired image entry that applies

  ObjectRef object(const std::string& ns) const { return ObjectRef{ref->kind.value, ns, ref->name.value}; }
  // Pools whose instance names appear in the derived config need stable names and
  // the guide's scale procedure (§9.2-9.4).
  bool sharded() const { return pool && (!pool->streams.empty() || pool->federation_sender); }
};

// Position of a worker pool in the guide's order (lower goes first).
int guide_rank(const WorkerPool& pool);

std::vector<SynapseWorkload> synapse_workloads(const SynapseDesired& synapse);

// Whether a live workload's pod template mounts the ConfigMap, as a configMap volume or a
// projected source: such a workload reads homeserver.yaml from it.
bool mounts_config_map(const LiveObject& workload, const std::string& config_map);

}  // namespace synops
