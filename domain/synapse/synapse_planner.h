// Plans the Synapse part of a change: images, replicas, HPA bounds and the owned keys of
// homeserver.yaml, as steps in the guide's order.
#pragma once
#include <cstdint>
#include <optional>

#include "engine/live_state.h"
#include "engine/plan_builder.h"
#include "domain/manifests/desired.h"
#include "connection_facts.h"

namespace synops {

struct SynapsePlan {
  PlanDraft draft;
  SynapseFacts facts;  // for the connection budget
};

struct SynapsePlanOptions {
  bool allow_critical = false;  // --allow-critical: a downgrade is planned, not refused
};

// Problems that make planning impossible (missing objects, unreadable config) go to `problems`.
SynapsePlan plan_synapse(const Desired& desired, const LiveState& live, Diagnostics& problems, SynapsePlanOptions options = {});

}  // namespace synops
