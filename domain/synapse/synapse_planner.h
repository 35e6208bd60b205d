// Plans the Synapse part of a change: images, replicas, HPA bounds and the owned keys of
// homeserver.yaml, as steps in the guide's order.
#pragma once
#include <cstdint>
#include <optional>

#include "engine/live_state.h"
#include "engine/plan_builder.h"
#include "domain/manifests/desired.h"

namespace synops {

// What other rules need to know about the Synapse processes after the change.
struct SynapseFacts {
  std::int64_t processes = 0;  // Synapse processes that read the shared config (pods)
  std::optional<std::int64_t> cp_max;  // connection pool size per process
  SourcePosition cp_max_at;
  bool cp_max_from_manifest = false;
};

struct SynapsePlan {
  PlanDraft draft;
  SynapseFacts facts;
};

struct SynapsePlanOptions {
  bool allow_critical = false;  // --allow-critical: a downgrade is planned, not refused
};

// Problems that make planning impossible (missing objects, unreadable config) go to `problems`.
SynapsePlan plan_synapse(const Desired& desired, const LiveState& live, Diagnostics& problems, SynapsePlanOptions options = {});

}  // namespace synops
