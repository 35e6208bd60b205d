// A process that reads a bad configuration at start and exits: --bad-config SUBSTRING makes
// every pod whose mounted ConfigMaps hold SUBSTRING, when its containers first start, crash
// like a bad image (CrashLoopBackOff). The config is read once, at start, as Synapse reads
// homeserver.yaml: a pod already running is not affected by a later change of the ConfigMap,
// and one started after the ConfigMap is restored runs. What the pod read is kept in an
// annotation, so a client can see it too.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "store.h"

namespace kube_test {

inline constexpr const char* kConfigReadAnnotation = "test.synops.dev/config-read";

// Records, the first time it is called for a pod, whether the ConfigMaps it mounts hold
// `bad_config` ("breaks" or "ok"); returns whether the pod's processes crash on it.
bool crashes_on_config(const Store& store, nlohmann::json& pod, const std::string& bad_config);

}  // namespace kube_test
