// The StatefulSets of a Helm release: those helm annotates as its own
// (meta.helm.sh/release-name), in the release's namespace. What its rollout waits for.
#pragma once
#include <vector>

#include "domain/apply_kit/actuation_context.h"
#include "engine/result.h"

namespace synops::apply {

Result<std::vector<ObjectRef>> release_statefulsets(ActuationContext& context, const ObjectRef& release);

}  // namespace synops::apply
