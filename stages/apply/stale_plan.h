// A saved plan means what it says only against the objects it was made from: each object a
// step acts on must still have the resourceVersion the plan read, and each Helm release the
// revision it was planned from.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/plan.h"
#include "engine/result.h"
#include "adapters/kubernetes/kube_client.h"

namespace synops::apply {

// One sentence per object that changed (or disappeared) since the plan was made.
Result<std::vector<std::string>> changed_since_plan(const kube::KubeClient& client, const Plan& plan);

// A plan file with steps but no `reads` was written before synops recorded them: nothing
// proves its objects are unchanged, so it cannot be applied as reviewed.
std::optional<std::string> unverifiable_plan(const Plan& plan);

}  // namespace synops::apply
