// The fingerprint of a homeserver.yaml that pods are started with. synops stamps it on a
// workload's pod template (annotation synops.io/config-hash) whenever it restarts the
// workload for a config change; drift compares it with the ConfigMap's current content.
#pragma once
#include <string>
#include <string_view>

namespace synops {

inline constexpr std::string_view kConfigHashAnnotation = "synops.io/config-hash";

// Lower-case hex sha256 of the text, as the annotation holds it (no "sha256:" prefix).
std::string config_hash(std::string_view homeserver_yaml);

}  // namespace synops
