#include "stale_plan.h"

namespace synops::apply {

std::optional<std::string> unverifiable_plan(const Plan& plan) {
  if (plan.actions.empty() || !plan.reads.empty()) return std::nullopt;
  return "the plan file lists no resourceVersions of the objects it changes (it was written before synops 0.2.0), "
         "so nothing shows they are unchanged: make a new plan with synops plan --out";
}

Result<std::vector<std::string>> changed_since_plan(const kube::KubeClient& client, const Plan& plan) {
  if (auto reason = unverifiable_plan(plan)) return std::vector<std::string>{*reason};
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
