#include "homeserver_config_update.h"

#include "domain/apply_kit/object_fields.h"
#include "domain/apply_kit/stop_start.h"
#include "domain/apply_kit/workload_pods.h"
#include "synapse_restart.h"

namespace synops::apply {

namespace {

// The text of the first embedded document among the restored ConfigMaps, for the config-hash
// annotation; empty when none holds one.
std::string restored_homeserver(ActuationContext& context, const std::vector<BegunStep>& restored) {
  for (const auto& step : restored)
    for (const auto& change : step.action.changes) {
      if (change.path.embedded.empty()) continue;
      auto live = context.client.get(step.action.target);
      if (!live || !*live) return "";
      auto text = field_value((*live)->body.json(), FieldPath{change.path.pointer, ""});
      return text && text->is_string() ? text->get<std::string>() : "";
    }
  return "";
}

bool is_workload(const std::string& kind) { return kind == "Deployment" || kind == "StatefulSet"; }

// Federation senders the run stopped and started together are restarted the same way: old
// and new configurations never run side by side, in a rollback either.
Result<bool> restart_as_the_run_did(ActuationContext& context, const Touched& object, const std::string& homeserver) {
  if (object.restart != RestartMode::stop_start_together) {
    if (auto restarted = restart_workload(context, object.ref, homeserver); !restarted) return restarted;
    // A pod that crashed on the config being undone would hold an OrderedReady set for ever.
    return object.ref.kind == "StatefulSet" ? free_pods_stuck_on_old_revisions(context, object.ref) : true;
  }
  std::int64_t replicas = object.replicas.value_or(0);
  if (!object.replicas) {
    auto live = read_live(context, object.ref);
    if (!live) return std::unexpected(live.error());
    replicas = workload_replicas(live->body.json());
  }
  const std::string label = "undo — restart " + object.ref.str();
  const auto restart = [&] { return restart_workload(context, object.ref, homeserver); };
  const auto never_live = [](const nlohmann::json&) -> Result<bool> { return false; };
  return stop_change_start(context, StopStart{object.ref, replicas, label}, restart, never_live);
}

}  // namespace

std::vector<std::string> HomeserverConfigUpdate::after_undo(ActuationContext& context, const std::vector<BegunStep>& mine,
                                                            const std::vector<Touched>& touched) const {
  std::vector<std::string> remaining;
  const std::string homeserver = restored_homeserver(context, mine);
  for (const auto& object : touched) {
    if (!is_workload(object.ref.kind)) continue;
    context.progress("undo — restart " + object.ref.str() + " to read the restored homeserver.yaml");
    if (auto restarted = restart_as_the_run_did(context, object, homeserver); !restarted)
      remaining.push_back("restart " + object.ref.str() + ": " + restarted.error().front().message);
  }
  return remaining;
}

}  // namespace synops::apply
