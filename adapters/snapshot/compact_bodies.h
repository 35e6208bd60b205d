// The snapshot reader's name for compact bodies held until read; both live-state readers
// share them (adapters/kubernetes/compact_bodies.h).
#pragma once
#include "adapters/kubernetes/compact_bodies.h"

namespace synops::snapshot {

using kube::CompactBodies;

}  // namespace synops::snapshot
