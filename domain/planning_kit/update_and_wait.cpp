#include "update_and_wait.h"

#include "adapters/kubernetes/readiness.h"

namespace synops {

std::string wait_reason(const ObjectRef& target) { return "wait until " + target.str() + " " + kube::readiness_promise(target.kind); }

Action& add_update_and_wait(PlanDraft& draft, UpdateStep step) {
  Action wait{.key = "wait " + step.target.str(), .type = ActionType::wait, .target = step.target, .risk = step.risk,
              .reason = step.wait_reason.empty() ? wait_reason(step.target) : std::move(step.wait_reason)};
  Action update{.key = "update " + step.target.str(), .type = ActionType::update, .target = step.target,
                .changes = std::move(step.changes), .risk = step.risk, .reason = std::move(step.reason)};
  draft.edges.push_back({update.key, wait.key, "wait-until-ready"});
  draft.actions.push_back(std::move(wait));
  draft.actions.push_back(std::move(update));
  return draft.actions.back();
}

}  // namespace synops
