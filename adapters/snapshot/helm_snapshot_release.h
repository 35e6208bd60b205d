// What `synops snapshot` keeps of a Helm release. A release Secret carries the whole release:
// the chart, its default values and the user's values, which hold passwords (auth.password,
// existing credentials). A snapshot is made to be read in pull requests, so it keeps only
// what planning and import read: the release's identity, the chart's name and version, and
// the values at kHelmImageTag and kHelmReplicas. Planning from the reduced snapshot gives
// the same plan as planning from the cluster.
#pragma once
#include "engine/live_state.h"

namespace synops {

// `live` with every Helm release Secret's data.release replaced by the reduced release
// (base64 of base64 of its JSON, uncompressed, as Helm's oldest releases are). A release
// that does not decode loses data.release: planning then reports it as unreadable, as it
// would have from the cluster.
LiveState with_reduced_helm_releases(const LiveState& live);

}  // namespace synops
