#include "helm_release_wait.h"

#include "adapters/helm/helm_history.h"
#include "domain/apply_kit/step_wait.h"
#include "helm_release_workloads.h"

namespace synops::apply {

Result<nlohmann::json> HelmReleaseWait::act(ActuationContext& context, const StepRun& step) const {
  const ObjectRef& release = step.action.target;
  auto history = read_release_history(context.client, release.ns, release.name);
  if (!history) return std::unexpected(history.error());
  if (history->empty() || history->back().status != "deployed")
    return fail("Helm release " + release.ns + "/" + release.name + " is not deployed: its newest revision " +
                (history->empty() ? std::string("does not exist") : std::to_string(history->back().revision) + " is " + history->back().status));
  auto sets = release_statefulsets(context, release);
  if (!sets) return std::unexpected(sets.error());
  for (const auto& set : *sets)
    if (auto ready = wait_until_ready(context, set, step.label); !ready) return std::unexpected(ready.error());
  return nlohmann::json{{"revision", history->back().revision}};
}

}  // namespace synops::apply
