#include "stale_plan.h"

#include <algorithm>

#include "adapters/helm/helm_history.h"

namespace synops::apply {

std::optional<std::string> unverifiable_plan(const Plan& plan) {
  if (plan.actions.empty() || !plan.reads.empty()) return std::nullopt;
  // Steps on Helm releases only: their guard is the revision a step on each names, not a read.
  std::vector<ObjectRef> releases;
  for (const auto& action : plan.actions)
    if (action.helm) releases.push_back(action.target);
  if (std::ranges::all_of(plan.actions, [&](const Action& action) { return std::ranges::find(releases, action.target) != releases.end(); }))
    return std::nullopt;
  return "the plan file lists no resourceVersions of the objects it changes (it was written before synops 0.2.0), "
         "so nothing shows they are unchanged: make a new plan with synops plan --out";
}

Result<std::vector<std::string>> changed_since_plan(const kube::KubeClient& client, const Plan& plan) {
  if (auto reason = unverifiable_plan(plan)) return std::vector<std::string>{*reason};
  std::vector<std::string> changed;
  for (const auto& read : plan.reads) {
    auto live = client.get(read.ref);
    if (!live) return std::unexpected(live.error());
    if (read.resource_version.empty()) {  // a step creates it
      if (*live) changed.push_back(kube::describe(read.ref) + " was created since the plan was made");
    } else if (!*live) changed.push_back(kube::describe(read.ref) + " no longer exists");
    else if ((*live)->resource_version != read.resource_version)
      changed.push_back(kube::describe(read.ref) + " changed since the plan was made (resourceVersion " + read.resource_version +
                        " -> " + (*live)->resource_version + ")");
  }
  // A Helm release is no object of its own: its newest revision is what the plan read.
  for (const auto& action : plan.actions) {
    if (!action.helm) continue;
    auto history = read_release_history(client, action.target.ns, action.target.name);
    if (!history) return std::unexpected(history.error());
    if (const int newest = newest_revision(*history); newest != action.helm->revision)
      changed.push_back("Helm release " + action.target.ns + "/" + action.target.name + " changed since the plan was made (revision " +
                        std::to_string(action.helm->revision) + " -> " + std::to_string(newest) + ")");
  }
  return changed;
}

}  // namespace synops::apply
