#include "safeguards.h"

#include <set>

namespace synops {

namespace {

// Steps that nothing else in the draft waits for first: the entry points of the plan.
std::vector<std::string> first_steps(const PlanDraft& draft, const std::set<std::string>& excluded) {
  std::set<std::string> has_predecessor;
  for (const auto& edge : draft.edges)
    if (!excluded.contains(edge.before)) has_predecessor.insert(edge.after);
  std::vector<std::string> keys;
  for (const auto& action : draft.actions)
    if (!excluded.contains(action.key) && !has_predecessor.contains(action.key)) keys.push_back(action.key);
  return keys;
}

std::vector<std::string> last_steps(const PlanDraft& draft, const std::set<std::string>& excluded) {
  std::set<std::string> has_successor;
  for (const auto& edge : draft.edges)
    if (!excluded.contains(edge.after)) has_successor.insert(edge.before);
  std::vector<std::string> keys;
  for (const auto& action : draft.actions)
    if (!excluded.contains(action.key) && !has_successor.contains(action.key)) keys.push_back(action.key);
  return keys;
}

bool worth_a_copy(const std::string& kind) {
  return kind == "ConfigMap" || kind == "Cluster" || kind == "Tenant" || kind == "Certificate" ||
         kind == "HelmRelease" || kind == "HorizontalPodAutoscaler";
}

Action backup_action(const ObjectRef& target, std::string reason, const char* method) {
  return Action{.key = "backup " + target.str() + " " + method, .type = ActionType::backup, .target = target, .risk = Risk::low,
                .reason = std::move(reason), .params = {{"method", method}}};
}

}  // namespace

Risk draft_risk(const PlanDraft& draft) {
  Risk risk = Risk::low;
  for (const auto& action : draft.actions) risk = std::max(risk, action.risk);
  return risk;
}

void add_backups(PlanDraft& draft, const Desired& desired) {
  const Risk risk = draft_risk(draft);
  if (draft.actions.empty() || !backup_required(risk)) return;
  std::vector<Action> backups;
  if (desired.postgres) {
    const ObjectRef cluster{"Cluster", desired.ns.value, desired.postgres->cluster.value};
    std::string reason = "pg_dump of the Synapse database, verified with pg_restore --list, before a " +
                         std::string(to_string(risk)) + "-risk change (§1.1, §5)";
    if (risk == Risk::critical) reason += "; copy it off-site before going on";
    backups.push_back(backup_action(cluster, reason, "pg_dump"));
  }
  std::set<ObjectRef> copied;
  for (const auto& action : draft.actions)
    if (action.type == ActionType::update && worth_a_copy(action.target.kind) && copied.insert(action.target).second)
      backups.push_back(backup_action(action.target, "copy of " + action.target.str() + " as it is now, to restore from (§1.1)",
                                      "object-copy"));
  std::set<std::string> backup_keys;
  for (const auto& backup : backups) backup_keys.insert(backup.key);
  const auto roots = first_steps(draft, backup_keys);
  for (const auto& backup : backups)
    for (const auto& root : roots) draft.edges.push_back({backup.key, root, "backups-first"});
  for (auto& backup : backups) draft.actions.push_back(std::move(backup));
}

void add_maintenance_mode(PlanDraft& draft, const Desired& desired) {
  if (draft_risk(draft) != Risk::critical) return;
  std::set<std::string> backups;
  for (const auto& action : draft.actions)
    if (action.type == ActionType::backup) backups.insert(action.key);
  const auto roots = first_steps(draft, backups), leaves = last_steps(draft, backups);
  const ObjectRef ns{"Namespace", "", desired.ns.value};
  Action on{.key = "maintenance " + ns.str() + " on", .type = ActionType::maintenance, .target = ns, .risk = Risk::critical,
            .reason = "enter maintenance mode for a critical change (§6.2); undone at the end or on rollback",
            .params = {{"mode", "on"}}};
  Action off{.key = "maintenance " + ns.str() + " off", .type = ActionType::maintenance, .target = ns, .risk = Risk::critical,
             .reason = "leave maintenance mode once every step is verified (§6.2)", .params = {{"mode", "off"}}};
  for (const auto& backup : backups) draft.edges.push_back({backup, on.key, "backups-first"});
  for (const auto& root : roots) draft.edges.push_back({on.key, root, "maintenance-around-critical-changes"});
  for (const auto& leaf : leaves) draft.edges.push_back({leaf, off.key, "maintenance-around-critical-changes"});
  draft.actions.push_back(std::move(on));
  draft.actions.push_back(std::move(off));
}

}  // namespace synops
