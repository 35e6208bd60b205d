// A saved plan means what it says only against the objects it was made from: each object a
// step acts on must still have the resourceVersion the plan read.
#pragma once
#include <string>
#include <vector>

#include "engine/plan.h"
#include "engine/result.h"
#include "providers/kubernetes/kube_client.h"

namespace synops::apply {

// One sentence per object that changed (or disappeared) since the plan was made.
Result<std::vector<std::string>> changed_since_plan(const kube::KubeClient& client, const Plan& plan);

}  // namespace synops::apply
