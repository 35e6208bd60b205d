#include "homeserver_config_update.h"

#include "domain/apply_kit/object_fields.h"
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

}  // namespace

std::vector<std::string> HomeserverConfigUpdate::after_undo(ActuationContext& context, const std::vector<BegunStep>& mine,
                                                            const std::vector<ObjectRef>& touched) const {
  std::vector<std::string> remaining;
  const std::string homeserver = restored_homeserver(context, mine);
  for (const auto& ref : touched) {
    if (!is_workload(ref.kind)) continue;
    context.progress("undo — restart " + ref.str() + " to read the restored homeserver.yaml");
    if (auto restarted = restart_workload(context, ref, homeserver); !restarted)
      remaining.push_back("restart " + ref.str() + ": " + restarted.error().front().message);
  }
  return remaining;
}

}  // namespace synops::apply
