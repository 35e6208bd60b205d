#include "plan_builder.h"

#include <algorithm>
#include <map>

namespace synops {

void PlanDraft::append(PlanDraft other) {
  for (auto& action : other.actions) actions.push_back(std::move(action));
  for (auto& edge : other.edges) edges.push_back(std::move(edge));
  for (auto& refusal : other.refusals) refusals.push_back(std::move(refusal));
  for (auto& note : other.notes) notes.push_back(std::move(note));
}

Action* PlanDraft::find(const std::string& key) {
  auto it = std::ranges::find(actions, key, &Action::key);
  return it == actions.end() ? nullptr : &*it;
}

bool PlanDraft::has(const std::string& key) const { return std::ranges::find(actions, key, &Action::key) != actions.end(); }

namespace {

void link_dependencies(std::vector<Action>& ordered, const std::vector<OrderingEdge>& edges) {
  std::map<std::string, Action*> by_key;
  for (auto& action : ordered) by_key[action.key] = &action;
  for (const auto& edge : edges) {
    Action* after = by_key.at(edge.after);
    Dependency dependency{by_key.at(edge.before)->id, edge.rule};
    if (std::ranges::find(after->depends_on, dependency) == after->depends_on.end()) after->depends_on.push_back(dependency);
  }
  // Ids grow with plan order ("a2" < "a10" numerically), so sort by number.
  auto number = [](const Dependency& d) { return std::stoi(d.id.substr(1)); };
  for (auto& action : ordered)
    std::ranges::sort(action.depends_on, [&](const Dependency& a, const Dependency& b) {
      return std::pair(number(a), a.rule) < std::pair(number(b), b.rule);
    });
}

PlanSummary summarise(const std::vector<Action>& actions) {
  PlanSummary summary;
  for (const auto& action : actions) {
    summary.changes += static_cast<int>(action.changes.size());
    summary.risk = std::max(summary.risk, action.risk);
    const bool restarts = action.type == ActionType::restart || action.params.value("restarts_pods", false);
    const std::string target = action.target.str();
    if (restarts && std::ranges::find(summary.restarts, target) == summary.restarts.end())
      summary.restarts.push_back(target);
    if (action.type == ActionType::backup) summary.backup_required = true;
  }
  summary.backup_required = summary.backup_required || backup_required(summary.risk) && !actions.empty();
  summary.maintenance_window = !actions.empty() && maintenance_window_required(summary.risk);
  return summary;
}

}  // namespace

Result<Plan> build_plan(PlanDraft draft, std::string live_fingerprint) {
  auto order = order_actions(draft.actions, draft.edges);
  if (!order) return std::unexpected(order.error());
  Plan plan;
  plan.live_fingerprint = std::move(live_fingerprint);
  for (size_t index : *order) plan.actions.push_back(std::move(draft.actions[index]));
  for (size_t i = 0; i < plan.actions.size(); ++i) plan.actions[i].id = "a" + std::to_string(i + 1);
  link_dependencies(plan.actions, draft.edges);
  plan.summary = summarise(plan.actions);
  std::ranges::sort(draft.refusals);
  plan.refusals = std::move(draft.refusals);
  std::ranges::sort(draft.notes);
  draft.notes.erase(std::unique(draft.notes.begin(), draft.notes.end()), draft.notes.end());
  plan.notes = std::move(draft.notes);
  return plan;
}

}  // namespace synops
