// The snapshot reader's names for the parser both live-state readers share: it lives with the
// cluster reader (adapters/kubernetes/pruned_json.h), which pages through LIST responses with
// it, so that a snapshot and a read of the cluster keep the same part of every object.
#pragma once
#include "adapters/kubernetes/pruned_json.h"

namespace synops::snapshot {

using Identity = kube::ObjectIdentity;
using kube::kParserPadding;
using kube::materialize_compact;
using kube::plain_json_string;
using kube::PrunedJsonParser;

}  // namespace synops::snapshot
