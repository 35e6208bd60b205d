#include "stale_plan.h"

namespace synops::apply {

Result<std::vector<std::string>> changed_since_plan(const kube::KubeClient& client, const Plan& plan) {
  std::vector<std::string> changed;
  for (const auto& read : plan.reads) {
    auto live = client.get(read.ref);
    if (!live) return std::unexpected(live.error());
    if (!*live) changed.push_back(kube::describe(read.ref) + " no longer exists");
    else if ((*live)->resource_version != read.resource_version)
      changed.push_back(kube::describe(read.ref) + " changed since the plan was made (resourceVersion " + read.resource_version +
                        " -> " + (*live)->resource_version + ")");
  }
  return changed;
}

}  // namespace synops::apply
