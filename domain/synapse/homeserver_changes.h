// Differences between the homeserver.yaml keys synops owns and the document live in the
// ConfigMap: the keys set in synapse.yaml (only those keys) and the derived worker keys
// (whole values).
#pragma once
#include <vector>

#include "derived_config.h"
#include "engine/change.h"
#include "engine/live_state.h"
#include "engine/result.h"
#include "domain/manifests/desired.h"

namespace synops {

struct HomeserverDiff {
  std::vector<Change> changes;
  bool derived_changed = false;            // instance_map, stream_writers or federation_sender_instances
  bool federation_senders_changed = false; // senders must then stop and start together
  nlohmann::json live_document;            // the live homeserver.yaml as JSON
};

Result<HomeserverDiff> diff_homeserver(const SynapseDesired& synapse, const LiveObject& config_map,
                                       const DerivedWorkerConfig& derived);

}  // namespace synops
