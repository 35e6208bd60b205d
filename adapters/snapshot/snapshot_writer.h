// Live state as the JSON `kubectl get -o json` prints: one v1 List, objects ordered by
// kind, namespace and name, keys sorted, so the same state always gives the same bytes.
// adapters/snapshot/snapshot_reader reads it back (`synops snapshot`, then `plan --live FILE` in CI).
#pragma once
#include <string>

#include "engine/live_state.h"

namespace synops::kube {

// The objects as LiveState keeps them (pruned: see engine/live_state.h). Helm release
// Secrets are written as given: `synops snapshot` reduces them first
// (adapters/snapshot/helm_snapshot_release.h), since a full release holds the chart's values.
std::string write_snapshot(const LiveState& state);

}  // namespace synops::kube
