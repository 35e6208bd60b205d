// A plan step: the small closed set of things synops does to a live object.
#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "change.h"
#include "object_ref.h"
#include "risk.h"

namespace synops {

// `wait` waits until its target is rolled out and ready; `pause` waits a fixed time (the
// watch between the steps of a gradual scale-down).
// `create`: an object the manifests ask for that is not live (its changes are the fields it is
// created with); rollback deletes it.
enum class ActionType { backup, update, restart, wait, pause, verify, maintenance, create };

std::string_view to_string(ActionType type);
std::optional<ActionType> action_type_from_string(std::string_view text);
// The symbol the text plan shows before a step ("~" update, "!" restart ...).
std::string_view symbol(ActionType type);

// How the pods of a restarted workload start again: one by one, or all stopped before any
// starts (federation senders, §9.4).
enum class RestartMode { rolling, stop_start_together };
std::string_view to_string(RestartMode mode);
std::optional<RestartMode> restart_mode_from_string(std::string_view text);

// What a backup step makes: a pg_dump of the database, or a copy of an object's body.
enum class BackupMethod { pg_dump, object_copy };
std::string_view to_string(BackupMethod method);
std::optional<BackupMethod> backup_method_from_string(std::string_view text);

// How a plan enters maintenance mode (§6.2): the guide's option 1 stops every Synapse process;
// option 2 points the Ingress at a maintenance page while Synapse keeps running.
enum class MaintenanceMethod { scale_to_zero, page };
std::string_view to_string(MaintenanceMethod method);
std::optional<MaintenanceMethod> maintenance_method_from_string(std::string_view text);

// The Helm release an update of a HelmRelease was planned against.
struct HelmRevision {
  std::int64_t revision = 0;
  std::string chart;
  auto operator<=>(const HelmRevision&) const = default;
};

// "a3 must wait for a2 because of rule main-before-workers".
struct Dependency {
  std::string id;
  std::string rule;
  auto operator<=>(const Dependency&) const = default;
};

struct Action {
  std::string key;  // stable identity used for tie-breaks and edges: "update StatefulSet/matrix/synapse-main"
  std::string id;   // "a1", "a2" ... assigned in plan order
  ActionType type = ActionType::update;
  ObjectRef target;
  std::vector<Change> changes;
  Risk risk = Risk::low;
  std::string reason;
  std::vector<Dependency> depends_on;
  bool reversible = true;
  std::string irreversible_because;  // why undo cannot restore it (schema migration ...)

  // Step details, each for the types named (the plan file's "params"):
  bool restarts_pods = false;                 // update: the change starts the pods again
  std::optional<RestartMode> restart_mode;    // update, restart of a Synapse process
  std::optional<BackupMethod> backup_method;  // backup
  std::string database;                       // backup with pg_dump: "" the Synapse database, "li" the LI instance's
  std::optional<std::chrono::seconds> pause;  // pause: how long
  std::optional<bool> maintenance_on;         // maintenance: enter (true) or leave (false)
  std::optional<MaintenanceMethod> maintenance_method;  // maintenance: how
  std::vector<ObjectRef> workloads;           // maintenance by scale-to-zero: the Synapse workloads, main first
  std::string ingress;                        // maintenance by page: the Ingress pointed at the page
  std::string page_image;                     // maintenance by page: the image serving it
  std::optional<HelmRevision> helm;           // update of a HelmRelease
};

}  // namespace synops
