#include "health_warnings.h"

#include "adapters/kubernetes/preflight.h"

namespace synops {

std::vector<HealthWarning> health_warnings(const LiveState& live) {
  std::vector<HealthWarning> warnings;
  for (auto& problem : kube::preflight_problems(live)) warnings.push_back({problem.ref, std::move(problem.message)});
  return warnings;
}

}  // namespace synops
