// The pod-template annotation `kubectl rollout restart` stamps: changing it rolls the pods.
// A restart that finds its own stamp live knows it already happened.
#pragma once

namespace synops::kube {

inline constexpr const char* kRestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";

}  // namespace synops::kube
