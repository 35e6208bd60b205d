#include "plan_builder.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "sensitivity.h"

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

// Each step lists the steps it waits for, in plan order, once per (step, rule).
void link_dependencies(std::vector<Action>& ordered, const std::vector<OrderingEdge>& edges) {
  std::unordered_map<std::string_view, size_t> position;
  position.reserve(ordered.size());
  for (size_t i = 0; i < ordered.size(); ++i) position.emplace(ordered[i].key, i);
  std::vector<std::vector<std::pair<size_t, std::string_view>>> before(ordered.size());
  for (const auto& edge : edges) before[position.at(edge.after)].emplace_back(position.at(edge.before), edge.rule);
  for (size_t i = 0; i < ordered.size(); ++i) {
    auto& waits_for = before[i];
    std::ranges::sort(waits_for);
    waits_for.erase(std::unique(waits_for.begin(), waits_for.end()), waits_for.end());
    for (const auto& [at, rule] : waits_for) ordered[i].depends_on.push_back(Dependency{ordered[at].id, std::string(rule)});
  }
}

PlanSummary summarise(const std::vector<Action>& actions) {
  PlanSummary summary;
  std::unordered_set<std::string> restarted;
  for (const auto& action : actions) {
    summary.changes += static_cast<int>(action.changes.size());
    summary.risk = std::max(summary.risk, action.risk);
    const bool restarts = action.type == ActionType::restart || action.restarts_pods;
    const std::string target = action.target.str();
    if (restarts && restarted.insert(target).second) summary.restarts.push_back(target);
    if (action.type == ActionType::backup) summary.backup_required = true;
  }
  summary.backup_required = summary.backup_required || (backup_required(summary.risk) && !actions.empty());
  summary.maintenance_window = !actions.empty() && maintenance_window_required(summary.risk);
  return summary;
}

// A planner that builds a Change by hand (a Helm value, a parameter) may not ask whether its
// path is a credential: asked once here, every renderer and the plan file show "(sensitive)".
void mark_sensitive_changes(std::vector<Action>& actions) {
  for (auto& action : actions)
    for (auto& change : action.changes) change.sensitive = change.sensitive || is_sensitive_path(change.path.str());
}

}  // namespace

Result<Plan> build_plan(PlanDraft draft, std::string live_fingerprint) {
  auto order = order_actions(draft.actions, draft.edges);
  if (!order) return std::unexpected(order.error());
  Plan plan;
  plan.live_fingerprint = std::move(live_fingerprint);
  for (size_t index : *order) plan.actions.push_back(std::move(draft.actions[index]));
  mark_sensitive_changes(plan.actions);
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
