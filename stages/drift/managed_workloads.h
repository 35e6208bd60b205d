// The Deployments and StatefulSets the manifests name (Synapse main, workers, LI, and
// Element Web), found live. Effective-state checks look only at these: drift is about the
// deployment synops manages, not every pod in the namespace.
#pragma once
#include <vector>

#include "engine/live_state.h"
#include "domain/manifests/desired.h"

namespace synops {

struct ManagedWorkload {
  const LiveObject* live = nullptr;
  SourcePosition at;     // the workload's entry in topology.yaml
  bool synapse = false;  // a Synapse process (main, worker or LI)
};

// In manifest order. A workload missing live is skipped: the planner reports it as an error.
std::vector<ManagedWorkload> managed_workloads(const Desired& desired, const LiveState& live);

}  // namespace synops
