#include "health_warnings.h"

#include "adapters/kubernetes/preflight.h"

namespace synops {

void add_health_warnings(Plan& plan, const LiveState& live) {
  for (auto& problem : kube::preflight_problems(live)) plan.health_warnings.push_back({problem.ref, std::move(problem.message)});
}

}  // namespace synops
