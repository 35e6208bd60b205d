// Synapse safety rules that stop a plan (exit 3).
#pragma once
#include <vector>

#include "engine/object_ref.h"
#include "engine/plan.h"
#include "domain/manifests/desired.h"

namespace synops {

// synapse-images-match: main, workers and LI run the same version (§2.1).
std::vector<Refusal> synapse_image_refusals(const SynapseDesired& synapse);

// hpa-on-named-pool: an HPA on a pool whose instances the config names one by one (stream
// writers, federation senders, §9.2, §9.4).
std::vector<Refusal> hpa_on_named_pool_refusals(const SynapseDesired& synapse);

// hpa-owns-replicas: replicas set on a workload that an HPA scales (§4.1).
Refusal hpa_replicas_refusal(const SourcePosition& replicas_at, const ObjectRef& workload, const ObjectRef& hpa);

}  // namespace synops
