// The ConfigMaps a workload's pods mount. The manifests name only the shared Synapse
// ConfigMap; an instance with its own config (the LI) is known by what its template mounts.
#pragma once
#include <vector>

#include "engine/live_state.h"

namespace synops {

// The ConfigMaps named by the pod template's volumes, in the template's order, each once.
std::vector<ObjectRef> mounted_config_maps(const LiveObject& workload);

}  // namespace synops
