#include "safeguards.h"

#include <set>
#include <tuple>

namespace synops {

namespace {

enum class End { first, last };

// The entry points of the plan (steps that wait for nothing) or its exits (steps nothing
// waits for), ignoring the `excluded` steps and their edges.
std::vector<std::string> end_steps(const PlanDraft& draft, const std::set<std::string>& excluded, End end) {
  std::set<std::string> linked;
  for (const auto& edge : draft.edges) {
    const auto& [other, self] = end == End::first ? std::tie(edge.before, edge.after) : std::tie(edge.after, edge.before);
    if (!excluded.contains(other)) linked.insert(self);
  }
  std::vector<std::string> keys;
  for (const auto& action : draft.actions)
    if (!excluded.contains(action.key) && !linked.contains(action.key)) keys.push_back(action.key);
  return keys;
}

bool worth_a_copy(const std::string& kind) {
  return kind == "ConfigMap" || kind == "Cluster" || kind == "Tenant" || kind == "Certificate" ||
         kind == "HelmRelease" || kind == "HorizontalPodAutoscaler";
}

Action backup_action(const ObjectRef& target, std::string reason, BackupMethod method) {
  return Action{.key = "backup " + target.str() + " " + std::string(to_string(method)), .type = ActionType::backup,
                .target = target, .risk = Risk::low, .reason = std::move(reason), .backup_method = method};
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
    backups.push_back(backup_action(cluster, reason, BackupMethod::pg_dump));
  }
  std::set<ObjectRef> copied;
  for (const auto& action : draft.actions)
    if (action.type == ActionType::update && worth_a_copy(action.target.kind) && copied.insert(action.target).second)
      backups.push_back(backup_action(action.target, "copy of " + action.target.str() + " as it is now, to restore from (§1.1)",
                                      BackupMethod::object_copy));
  std::set<std::string> backup_keys;
  for (const auto& backup : backups) backup_keys.insert(backup.key);
  const auto roots = end_steps(draft, backup_keys, End::first);
  for (const auto& backup : backups)
    for (const auto& root : roots) draft.edges.push_back({backup.key, root, "backups-first"});
  for (auto& backup : backups) draft.actions.push_back(std::move(backup));
}

void add_maintenance_mode(PlanDraft& draft, const Desired& desired) {
  if (draft_risk(draft) != Risk::critical) return;
  std::set<std::string> backups;
  for (const auto& action : draft.actions)
    if (action.type == ActionType::backup) backups.insert(action.key);
  const auto roots = end_steps(draft, backups, End::first), leaves = end_steps(draft, backups, End::last);
  const ObjectRef ns{"Namespace", "", desired.ns.value};
  Action on{.key = "maintenance " + ns.str() + " on", .type = ActionType::maintenance, .target = ns, .risk = Risk::critical,
            .reason = "enter maintenance mode for a critical change (§6.2); undone at the end or on rollback",
            .maintenance_on = true};
  Action off{.key = "maintenance " + ns.str() + " off", .type = ActionType::maintenance, .target = ns, .risk = Risk::critical,
             .reason = "leave maintenance mode once every step is verified (§6.2)", .maintenance_on = false};
  for (const auto& backup : backups) draft.edges.push_back({backup, on.key, "backups-first"});
  for (const auto& root : roots) draft.edges.push_back({on.key, root, "maintenance-around-critical-changes"});
  for (const auto& leaf : leaves) draft.edges.push_back({leaf, off.key, "maintenance-around-critical-changes"});
  draft.actions.push_back(std::move(on));
  draft.actions.push_back(std::move(off));
}

}  // namespace synops
