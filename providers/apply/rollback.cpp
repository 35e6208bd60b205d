#include "rollback.h"

#include <set>

#include <fmt/format.h>

#include "guarded_patch.h"
#include "object_fields.h"
#include "providers/drift/config_hash.h"
#include "providers/kubernetes/rfc3339.h"
#include "step_wait.h"

namespace synops::apply {

namespace {

struct UndoFields {
  std::vector<FieldValue> before;
  std::vector<FieldValue> after;
};

FieldPath parse_path(const std::string& text) {
  const size_t hash = text.find('#');
  if (hash == std::string::npos) return FieldPath{text, ""};
  return FieldPath{text.substr(0, hash), text.substr(hash + 1)};
}

ObjectRef ref_of(const nlohmann::json& begin) {
  const auto& target = begin.at("target");
  return ObjectRef{target.value("kind", ""), target.value("namespace", ""), target.value("name", "")};
}

UndoFields undo_fields(const nlohmann::json& begin) {
  UndoFields fields;
  for (const auto& field : begin.at("before").value("fields", nlohmann::json::array())) {
    const FieldPath path = parse_path(field.value("path", ""));
    fields.before.push_back({path, field.value("before", nlohmann::json())});
    fields.after.push_back({path, field.value("after", nlohmann::json())});
  }
  return fields;
}

bool is_workload(const std::string& kind) { return kind == "Deployment" || kind == "StatefulSet"; }
bool has_rollout(const std::string& kind) { return is_workload(kind) || kind == "Cluster" || kind == "Tenant" || kind == "Certificate"; }

// Restores one update step; an error names the object and what stands in the way.
Result<bool> undo_update(ApplyContext& context, const std::string& id, const nlohmann::json& begin) {
  const UndoFields fields = undo_fields(begin);
  auto written = guarded_write(context.client, ref_of(begin), fields.after, fields.before);
  if (!written) return fail("cannot undo " + id + ": " + written.error().front().message);
  return true;
}

// The text of the first homeserver document among the restored ConfigMaps, for the config-hash annotation.
std::string restored_homeserver(ApplyContext& context, const std::vector<nlohmann::json>& config_begins) {
  for (const auto& begin : config_begins)
    for (const auto& field : undo_fields(begin).before) {
      if (field.path.embedded.empty()) continue;
      auto live = context.client.get(ref_of(begin));
      if (!live || !*live) return "";
      auto text = field_value((*live)->body.json(), FieldPath{field.path.pointer, ""});
      return text && text->is_string() ? text->get<std::string>() : "";
    }
  return "";
}

Result<bool> restart_workload(ApplyContext& context, const ObjectRef& ref, const std::string& homeserver) {
  nlohmann::json stamps = {{"kubectl.kubernetes.io/restartedAt", kube::format_rfc3339_local(std::chrono::system_clock::now())}};
  if (!homeserver.empty()) stamps[std::string(kConfigHashAnnotation)] = config_hash(homeserver);
  auto patched = context.client.merge_patch(ref, {{"spec", {{"template", {{"metadata", {{"annotations", stamps}}}}}}}}, "");
  if (!patched) return std::unexpected(patched.error());
  return true;
}

}  // namespace

RunResult roll_back(ApplyContext& context, const Plan& plan, const JournalState& state) {
  (void)plan;
  (void)context.journal.write({{"record", "rollback-begin"}});
  RunResult result{Outcome::rolled_back, "", {}};
  std::vector<ObjectRef> touched;
  std::vector<nlohmann::json> config_begins;
  auto touch = [&touched](const ObjectRef& ref) {
    if (std::ranges::find(touched, ref) == touched.end()) touched.push_back(ref);
  };
  // 1. Undo the steps that began, newest first.
  for (auto id = state.begun.rbegin(); id != state.begun.rend(); ++id) {
    const nlohmann::json& begin = state.begin_of.at(*id);
    const std::string type = begin.value("type", "");
    if (type != "update" && type != "restart") continue;
    const ObjectRef ref = ref_of(begin);
    if (has_rollout(ref.kind)) touch(ref);
    if (type == "update" && ref.kind == "ConfigMap") config_begins.push_back(begin);
    if (type == "restart" || state.undone.contains(*id)) continue;
    if (context.journal.broken()) {  // an undo the journal cannot record is not sent
      result.remaining.push_back("cannot undo " + *id + ": the journal cannot be written; run synops rollback again once it can");
      continue;
    }
    context.progress(fmt::format("undo {} — restore {}", *id, ref.str()));
    if (auto undone = undo_update(context, *id, begin); !undone) {
      result.remaining.push_back(undone.error().front().message);
      (void)context.journal.write({{"record", "undo-failed"}, {"step", *id}, {"error", undone.error().front().message}});
      continue;
    }
    (void)context.journal.write({{"record", "undo-done"}, {"step", *id}});
  }
  // 2. Processes read homeserver.yaml only at start: restart what ran with the config now restored.
  if (!config_begins.empty() && result.remaining.empty()) {
    const std::string homeserver = restored_homeserver(context, config_begins);
    for (const auto& ref : touched) {
      if (!is_workload(ref.kind)) continue;
      context.progress("undo — restart " + ref.str() + " to read the restored homeserver.yaml");
      if (auto restarted = restart_workload(context, ref, homeserver); !restarted)
        result.remaining.push_back("restart " + ref.str() + ": " + restarted.error().front().message);
    }
  }
  // 3. Health: everything touched must be rolled out and ready again.
  for (const auto& ref : touched)
    if (auto ready = wait_until_ready(context, ref, "undo — wait " + ref.str()); !ready)
      result.remaining.push_back(ready.error().front().message);
  if (!result.remaining.empty()) result.outcome = Outcome::rollback_incomplete;
  const char* outcome = result.outcome == Outcome::rolled_back ? "rolled-back" : "rollback-incomplete";
  (void)context.journal.write({{"record", "end"}, {"outcome", outcome}, {"remaining", result.remaining}});
  return result;
}

}  // namespace synops::apply
