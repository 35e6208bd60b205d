#include "steps.h"

#include <fmt/format.h>

#include "backups.h"
#include "engine/sensitivity.h"
#include "guarded_patch.h"
#include "object_fields.h"
#include "providers/drift/config_hash.h"
#include "providers/kubernetes/readiness.h"
#include "providers/kubernetes/rfc3339.h"
#include "step_wait.h"

namespace synops::apply {

namespace {

constexpr const char* kRestartedAt = "kubectl.kubernetes.io/restartedAt";

nlohmann::json ref_json(const ObjectRef& ref) { return {{"kind", ref.kind}, {"namespace", ref.ns}, {"name", ref.name}}; }

std::vector<FieldValue> befores(const Action& action) {
  std::vector<FieldValue> fields;
  for (const auto& change : action.changes) fields.push_back({change.path, change.before});
  return fields;
}

std::vector<FieldValue> afters(const Action& action) {
  std::vector<FieldValue> fields;
  for (const auto& change : action.changes) fields.push_back({change.path, change.after});
  return fields;
}

Result<LiveObject> read_live(const ApplyContext& context, const ObjectRef& ref) {
  auto object = context.client.get(ref);
  if (!object) return std::unexpected(object.error());
  if (!*object) return fail(kube::describe(ref) + " does not exist any more");
  return std::move(**object);
}

// The homeserver.yaml the plan's ConfigMap holds now, for the config-hash annotation; empty
// when the plan changes no ConfigMap.
Result<std::string> current_homeserver(const ApplyContext& context, const Plan& plan) {
  for (const auto& action : plan.actions)
    for (const auto& change : action.changes)
      if (action.type == ActionType::update && action.target.kind == "ConfigMap" && !change.path.embedded.empty()) {
        auto config_map = read_live(context, action.target);
        if (!config_map) return std::unexpected(config_map.error());
        auto text = field_value(config_map->body.json(), FieldPath{change.path.pointer, ""});
        if (!text) return std::unexpected(text.error());
        return text->is_string() ? text->get<std::string>() : std::string();
      }
  return std::string();
}

Result<nlohmann::json> begin_update(ApplyContext& context, const Action& action) {
  auto live = read_live(context, action.target);
  if (!live) return std::unexpected(live.error());
  auto was = fields_hold(live->body.json(), befores(action));
  auto now = fields_hold(live->body.json(), afters(action));
  if (!was) return std::unexpected(was.error());
  if (!now) return std::unexpected(now.error());
  if (!*was && !*now) return fail(describe_mismatch(action.target, live->body.json(), befores(action)));
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& change : action.changes) fields.push_back({{"path", change.path.str()}, {"before", change.before}, {"after", change.after}});
  return nlohmann::json{{"resourceVersion", live->resource_version}, {"fields", fields}};
}

Result<nlohmann::json> begin_restart(ApplyContext& context, const Action& action) {
  auto live = read_live(context, action.target);
  if (!live) return std::unexpected(live.error());
  const auto annotations = live->body.json().value(nlohmann::json::json_pointer("/spec/template/metadata/annotations"), nlohmann::json::object());
  return nlohmann::json{{"resourceVersion", live->resource_version},
                        {"restartedAt_before", annotations.contains(kRestartedAt) ? annotations.at(kRestartedAt) : nlohmann::json()},
                        {"stamp", kube::format_rfc3339_local(std::chrono::system_clock::now())}};
}

Result<nlohmann::json> perform_update(ApplyContext& context, const Action& action) {
  auto written = guarded_write(context.client, action.target, befores(action), afters(action));
  if (!written) return std::unexpected(written.error());
  return nlohmann::json{{"already_live", *written == Written::already}};
}

// Rollout restart with the stamp decided at begin (so a resumed restart recognises its own
// write) and the config-hash annotation drift compares with the ConfigMap.
Result<nlohmann::json> perform_restart(ApplyContext& context, const Plan& plan, const Action& action, const nlohmann::json& begin) {
  const FieldPath restarted{"/spec/template/metadata/annotations/" + pointer_token(kRestartedAt), ""};
  const FieldPath hash{"/spec/template/metadata/annotations/" + pointer_token(kConfigHashAnnotation), ""};
  auto homeserver = current_homeserver(context, plan);
  if (!homeserver) return std::unexpected(homeserver.error());
  std::vector<FieldValue> target{{restarted, begin.value("stamp", "")}};
  if (!homeserver->empty()) target.push_back({hash, config_hash(*homeserver)});
  // Expected: the restartedAt the template had when the step began; anything else means
  // someone else restarted it since.
  auto written = guarded_write(context.client, action.target, {{restarted, begin.value("restartedAt_before", nlohmann::json())}}, target);
  if (!written) return std::unexpected(written.error());
  return nlohmann::json{{"already_live", *written == Written::already}};
}

// After an upgrade: every workload the plan gave a new image is ready and runs it.
Result<nlohmann::json> perform_verify(ApplyContext& context, const Plan& plan) {
  size_t checked = 0;
  for (const auto& action : plan.actions) {
    if (action.type != ActionType::update || (action.target.kind != "Deployment" && action.target.kind != "StatefulSet")) continue;
    for (const auto& change : action.changes) {
      if (!change.path.pointer.ends_with("/image")) continue;
      auto live = read_live(context, action.target);
      if (!live) return std::unexpected(live.error());
      auto image = field_value(live->body.json(), change.path);
      if (!image) return std::unexpected(image.error());
      if (*image != change.after)
        return fail(fmt::format("verification failed: {} runs {}, the plan wanted {}", kube::describe(action.target), image->dump(), change.after.dump()));
      const auto ready = kube::readiness(live->body.json());
      if (!ready.ready) return fail("verification failed: " + kube::describe(action.target) + " is not ready: " + ready.message);
      ++checked;
    }
  }
  return nlohmann::json{{"workloads_checked", checked}};
}

}  // namespace

std::vector<std::string> unsupported_steps(const Plan& plan) {
  std::vector<std::string> problems;
  for (const auto& action : plan.actions) {
    if (action.type == ActionType::maintenance)
      problems.push_back(action.id + ": maintenance mode (§6.2) is not automated by this synops; apply the critical change by hand");
    if (action.type == ActionType::update && kube::find_kind(action.target.kind) == nullptr)
      problems.push_back(action.id + ": apply cannot change " + action.target.str() + " yet (" +
                         (action.target.kind == "HelmRelease" ? "helm upgrade is not automated" : "unknown kind") + ")");
    for (const auto& change : action.changes)
      if (change.sensitive || change.before == std::string(kSensitiveMark) || change.after == std::string(kSensitiveMark))
        problems.push_back(action.id + ": " + action.target.str() + " " + change.path.str() +
                           " is sensitive; apply never journals secret values, so it does not write them");
  }
  return problems;
}

Result<nlohmann::json> begin_step(ApplyContext& context, const Action& action, const nlohmann::json* previous) {
  nlohmann::json record = {{"record", "step-begin"}, {"step", action.id}, {"type", to_string(action.type)}, {"target", ref_json(action.target)}};
  if (previous != nullptr && previous->contains("before")) {
    record["before"] = previous->at("before");  // the first try's before-image is the one undo needs
    return record;
  }
  Result<nlohmann::json> before = nlohmann::json::object();
  if (action.type == ActionType::update) before = begin_update(context, action);
  if (action.type == ActionType::restart) before = begin_restart(context, action);
  if (!before) return std::unexpected(before.error());
  record["before"] = *before;
  return record;
}

Result<nlohmann::json> perform_step(ApplyContext& context, const Plan& plan, const Action& action, const nlohmann::json& begin,
                                    const std::string& label) {
  switch (action.type) {
    case ActionType::backup: {
      auto backup = run_backup(context, action);
      if (!backup) return std::unexpected(backup.error());
      context.progress(label + " — " + backup->summary);
      return nlohmann::json{{"file", backup->path.filename().string()}, {"summary", backup->summary}};
    }
    case ActionType::update:
      return perform_update(context, action);  // re-checks the precondition right before writing
    case ActionType::restart:
      return perform_restart(context, plan, action, begin.at("before"));
    case ActionType::wait: {
      const auto pause = action.params.value("pause_seconds", -1);
      auto waited = pause >= 0 ? pause_for(context, std::chrono::seconds(pause), label) : wait_until_ready(context, action.target, label);
      if (!waited) return std::unexpected(waited.error());
      return nlohmann::json::object();
    }
    case ActionType::verify: {
      auto verified = perform_verify(context, plan);
      if (verified)
        context.progress(fmt::format("{} — {} upgraded workloads run their new image and are ready (Synapse's /health is not queried)",
                                     label, verified->value("workloads_checked", 0)));
      return verified;
    }
    case ActionType::maintenance:
      break;
  }
  return fail(action.id + ": maintenance mode is not automated by this synops");
}

}  // namespace synops::apply
