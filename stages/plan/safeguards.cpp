#include "safeguards.h"

#include <algorithm>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "domain/planning_kit/mounted_config_maps.h"
#include "domain/synapse/synapse_version.h"

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

bool is_workload(const ObjectRef& ref, const std::string& ns, const WorkloadRef& workload) {
  return ref.kind == workload.kind.value && ref.ns == ns && ref.name == workload.name.value;
}

// Main, every worker pool and the LI instance: the processes that run the Synapse image.
bool is_synapse_workload(const ObjectRef& ref, const Desired& desired) {
  const auto& synapse = desired.synapse;
  if (synapse.main && is_workload(ref, desired.ns.value, *synapse.main)) return true;
  if (synapse.li && is_workload(ref, desired.ns.value, *synapse.li)) return true;
  return std::ranges::any_of(synapse.workers, [&](const WorkerPool& pool) { return is_workload(ref, desired.ns.value, pool.workload); });
}

bool sets_an_image(const Action& action) {
  return std::ranges::any_of(action.changes, [](const Change& change) { return change.path.pointer.ends_with("/image"); });
}

// The LI instance's database is used by the LI process alone, and lives on the Cluster: its
// upgrade migrates it, a restart of the LI or any change of the Cluster puts it at risk.
bool changes_li_database(const PlanDraft& draft, const Desired& desired, const ObjectRef& cluster) {
  return std::ranges::any_of(draft.actions, [&](const Action& action) {
    const bool li = desired.synapse.li && is_workload(action.target, desired.ns.value, *desired.synapse.li);
    return (li && (action.type == ActionType::update || action.type == ActionType::restart)) ||
           (action.type == ActionType::update && action.target == cluster);
  });
}

// "downgrade" when main's image goes to an older release (§8.1), else "upgrade".
std::string upgrade_or_downgrade(const PlanDraft& draft, const Desired& desired) {
  if (!desired.synapse.main) return "upgrade";
  for (const auto& action : draft.actions) {
    if (action.type != ActionType::update || !is_workload(action.target, desired.ns.value, *desired.synapse.main)) continue;
    for (const auto& change : action.changes)
      if (change.path.pointer.ends_with("/image") && change.before.is_string() && change.after.is_string() &&
          older_release(version_of_image(change.after.get<std::string>()), version_of_image(change.before.get<std::string>())))
        return "downgrade";
  }
  return "upgrade";
}

// The LI instance runs with its own homeserver.yaml (§1.3), in ConfigMaps the manifests do not
// name: the ones its live pod template mounts, other than the shared Synapse one. They are copied
// before its image changes, as the shared config is before main's.
std::vector<ObjectRef> li_own_config_maps(const PlanDraft& draft, const Desired& desired, const LiveState& live) {
  const auto& li = desired.synapse.li;
  if (!li) return {};
  const bool li_image_changes = std::ranges::any_of(draft.actions, [&](const Action& action) {
    return action.type == ActionType::update && is_workload(action.target, desired.ns.value, *li) && sets_an_image(action);
  });
  const LiveObject* workload = live.find({li->kind.value, desired.ns.value, li->name.value});
  if (!li_image_changes || !workload) return {};
  std::vector<ObjectRef> own = mounted_config_maps(*workload);
  std::erase_if(own, [&](const ObjectRef& config) {
    return (desired.synapse.config_map && config.name == desired.synapse.config_map->value) || !live.find(config);
  });
  return own;
}

// The guide's §2.1 copies homeserver.yaml before every Synapse upgrade, not only when the
// ConfigMap itself changes: the way back to the old version starts from the config it ran with.
bool upgrades_synapse(const PlanDraft& draft, const Desired& desired) {
  return std::ranges::any_of(draft.actions, [&](const Action& action) {
    return action.type == ActionType::update && is_synapse_workload(action.target, desired) && sets_an_image(action);
  });
}

// The pg_dump steps: the Synapse database whenever the risk demands backups, and the LI
// instance's database when the plan changes the LI or the Cluster that holds it.
void add_database_backups(const PlanDraft& draft, const Desired& desired, Risk risk, std::vector<Action>& backups,
                          std::vector<std::string>& notes) {
  if (!desired.postgres) return;
  const ObjectRef cluster{"Cluster", desired.ns.value, desired.postgres->cluster.value};
  const std::string before = "before a " + std::string(to_string(risk)) + "-risk change (§1.1, §5)" +
                             (risk == Risk::critical ? "; copy it off-site before going on" : "");
  backups.push_back(backup_action(cluster, "pg_dump of the Synapse database, verified with pg_restore --list, " + before,
                                  BackupMethod::pg_dump));
  if (!changes_li_database(draft, desired, cluster)) return;
  const auto& li = desired.postgres->li_connection;
  if (!li) {
    notes.push_back("The database of the LI instance is not dumped before the plan changes it: the manifests do not say which "
                    "database it is (set postgres.connection.li, §2.1, §5).");
    return;
  }
  Action dump = backup_action(cluster, "pg_dump of the LI instance's database " + li->dbname +
                                           ", verified with pg_restore --list, " + before, BackupMethod::pg_dump);
  dump.key += " li";
  dump.database = "li";
  backups.push_back(std::move(dump));
}

// Main first (it starts first when maintenance mode ends), then the worker pools in manifest
// order, then the LI instance.
std::vector<ObjectRef> synapse_workloads(const Desired& desired) {
  std::vector<ObjectRef> refs;
  const auto ref_of = [&](const WorkloadRef& workload) { return ObjectRef{workload.kind.value, desired.ns.value, workload.name.value}; };
  if (desired.synapse.main) refs.push_back(ref_of(*desired.synapse.main));
  for (const auto& pool : desired.synapse.workers) refs.push_back(ref_of(pool.workload));
  if (desired.synapse.li) refs.push_back(ref_of(*desired.synapse.li));
  return refs;
}

// "synapse-main, 9 worker pools and the LI instance synapse-li".
std::string describe_workloads(const std::vector<ObjectRef>& workloads, const Desired& desired) {
  if (workloads.empty()) return "no Synapse workload (the manifests name none)";
  const size_t pools = desired.synapse.workers.size();
  std::string text = desired.synapse.main ? desired.synapse.main->name.value : "";
  if (pools > 0) text += fmt::format("{}{} worker pool{}", text.empty() ? "" : ", ", pools, pools == 1 ? "" : "s");
  if (desired.synapse.li) text += (text.empty() ? "the LI instance " : " and the LI instance ") + desired.synapse.li->name.value;
  return text;
}

// Leaving scale-to-zero maintenance restores the counts recorded on entering it, so a plan
// that also scales Synapse would be undone by its own last step.
std::optional<Refusal> scaling_inside_scale_to_zero(const PlanDraft& draft, const Desired& desired) {
  for (const auto& action : draft.actions) {
    if (action.type != ActionType::update || !is_synapse_workload(action.target, desired)) continue;
    for (const auto& change : action.changes)
      if (change.path.pointer == "/spec/replicas")
        return Refusal{"maintenance-scale-to-zero-scaling",
                       action.target.str() + " changes its replicas in a plan that runs in scale-to-zero maintenance mode, which "
                       "restores the replicas it recorded when it ends; scale in a plan of its own, before or after",
                       change.origin};
  }
  return std::nullopt;
}

// The steps that enter and leave maintenance mode, the way synops.yaml chooses.
std::pair<Action, Action> maintenance_steps(const Desired& desired, Risk risk, const std::string& why) {
  const ObjectRef ns{"Namespace", "", desired.ns.value};
  const auto& chosen = desired.maintenance;
  Action on{.key = "maintenance " + ns.str() + " on", .type = ActionType::maintenance, .target = ns, .risk = risk,
            .maintenance_on = true, .maintenance_method = chosen.method};
  Action off{.key = "maintenance " + ns.str() + " off", .type = ActionType::maintenance, .target = ns, .risk = risk,
             .maintenance_on = false, .maintenance_method = chosen.method};
  if (chosen.method == MaintenanceMethod::page) {
    on.ingress = off.ingress = chosen.ingress;
    on.page_image = off.page_image = chosen.page_image;
    on.reason = fmt::format("enter maintenance mode {} (§6.2, page): start the maintenance page (ConfigMap, Deployment and Service "
                            "maintenance-page, image {}), wait until it is ready, then point every backend of Ingress {} at it; "
                            "left at the end, and on rollback", why, chosen.page_image, chosen.ingress);
    off.reason = fmt::format("leave maintenance mode (§6.2): point Ingress {} back at the backends it had, then delete the "
                             "maintenance page", chosen.ingress);
    return {std::move(on), std::move(off)};
  }
  on.workloads = off.workloads = synapse_workloads(desired);
  on.reason = fmt::format("enter maintenance mode {} (§6.2, scale-to-zero): record the replicas of {}, scale each to 0 and wait "
                          "until no Synapse pod runs; left at the end, and on rollback", why, describe_workloads(on.workloads, desired));
  off.reason = "leave maintenance mode (§6.2): scale main back to its recorded replicas and wait until it is ready, then every "
               "other Synapse workload";
  return {std::move(on), std::move(off)};
}

}  // namespace

Risk draft_risk(const PlanDraft& draft) {
  Risk risk = Risk::low;
  for (const auto& action : draft.actions) risk = std::max(risk, action.risk);
  return risk;
}

void add_backups(PlanDraft& draft, const Desired& desired, const LiveState& live) {
  const Risk risk = draft_risk(draft);
  if (draft.actions.empty() || !backup_required(risk)) return;
  std::vector<Action> backups;
  add_database_backups(draft, desired, risk, backups, draft.notes);
  std::set<ObjectRef> copied;  // a planner's own copy (monitoring's, §2.6) already covers its object
  for (const auto& action : draft.actions)
    if (action.type == ActionType::backup && action.backup_method == BackupMethod::object_copy) copied.insert(action.target);
  for (const auto& action : draft.actions)
    if (action.type == ActionType::update && worth_a_copy(action.target.kind) && copied.insert(action.target).second)
      backups.push_back(backup_action(action.target, "copy of " + action.target.str() + " as it is now, to restore from (§1.1)",
                                      BackupMethod::object_copy));
  if (desired.synapse.config_map && upgrades_synapse(draft, desired)) {
    const ObjectRef config{"ConfigMap", desired.ns.value, desired.synapse.config_map->value};
    if (copied.insert(config).second)
      backups.push_back(backup_action(config, "copy of " + config.str() + " (homeserver.yaml) as it is now, before the Synapse " +
                                                  upgrade_or_downgrade(draft, desired) + ", to restore from (§2.1)",
                                      BackupMethod::object_copy));
  }
  for (const auto& config : li_own_config_maps(draft, desired, live))
    if (copied.insert(config).second)
      backups.push_back(backup_action(config, "copy of " + config.str() + " (the LI instance's own config) as it is now, before its " +
                                                  "image changes, to restore from (§2.1)", BackupMethod::object_copy));
  std::set<std::string> backup_keys;
  for (const auto& backup : backups) backup_keys.insert(backup.key);
  const auto roots = end_steps(draft, backup_keys, End::first);
  for (const auto& backup : backups)
    for (const auto& root : roots) draft.edges.push_back({backup.key, root, "backups-first"});
  for (auto& backup : backups) draft.actions.push_back(std::move(backup));
}

void add_maintenance_mode(PlanDraft& draft, const Desired& desired) {
  const Risk risk = draft_risk(draft);  // the steps around the changes take their risk, never raise it
  const bool critical = risk == Risk::critical;
  if (draft.actions.empty() || (!critical && !desired.maintenance.always)) return;
  if (desired.maintenance.method == MaintenanceMethod::scale_to_zero)
    if (auto refusal = scaling_inside_scale_to_zero(draft, desired)) draft.refusals.push_back(*refusal);
  std::set<std::string> backups, verifies;
  for (const auto& action : draft.actions) {
    if (action.type == ActionType::backup) backups.insert(action.key);
    if (action.type == ActionType::verify) verifies.insert(action.key);
  }
  std::set<std::string> around = backups;
  around.insert(verifies.begin(), verifies.end());
  const auto roots = end_steps(draft, backups, End::first), leaves = end_steps(draft, around, End::last);
  const std::string why = critical ? "for a critical change" : "as synops.yaml asks (maintenance.when: always)";
  const std::string rule = critical ? "maintenance-around-critical-changes" : "maintenance-when-always";
  auto [on, off] = maintenance_steps(desired, risk, why);
  for (const auto& backup : backups) draft.edges.push_back({backup, on.key, "backups-first"});
  for (const auto& root : roots) draft.edges.push_back({on.key, root, rule});
  for (const auto& leaf : leaves) draft.edges.push_back({leaf, off.key, rule});
  // The version check needs the processes running (scale-to-zero starts them only when leaving).
  for (const auto& verify : verifies) draft.edges.push_back({off.key, verify, "verify-after-maintenance"});
  draft.actions.push_back(std::move(on));
  draft.actions.push_back(std::move(off));
}

}  // namespace synops
