// The new homeserver.yaml text for a ConfigMap update: the plan's changes inside the
// embedded document applied to the live text, everything else kept byte for byte.
#pragma once
#include <string>
#include <vector>

#include "engine/change.h"
#include "engine/result.h"

namespace synops {

// `changes` are the ConfigMap update's changes whose path continues into the document
// ("/data/homeserver.yaml#/instance_map/..."); a change whose `after` is null removes the key.
Result<std::string> rewrite_homeserver(const std::string& live_text, const std::vector<Change>& changes);

}  // namespace synops
