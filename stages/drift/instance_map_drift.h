// The live homeserver.yaml checked the way Synapse checks it at start: a writer missing
// from instance_map, or `main` missing when workers exist, means the next restart of any
// worker fails. This holds even where synops does not own the keys, and it is reported
// apart from field drift because it is an outage waiting for a restart.
#pragma once
#include <vector>

#include "drift_item.h"
#include "engine/live_state.h"
#include "engine/result.h"
#include "domain/manifests/desired.h"

namespace synops {

// One item per problem synapse_config_problems finds; an unreadable homeserver.yaml is an error.
Result<std::vector<DriftItem>> instance_map_drift(const Desired& desired, const LiveState& live);

}  // namespace synops
