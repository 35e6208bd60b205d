#include "synapse_restart.h"

#include "adapters/kubernetes/readiness.h"
#include "adapters/kubernetes/restart_annotation.h"
#include "adapters/kubernetes/rfc3339.h"
#include "config_hash.h"
#include "domain/apply_kit/guarded_patch.h"
#include "domain/apply_kit/object_fields.h"
#include "domain/apply_kit/object_update.h"
#include "engine/json_pointer.h"

namespace synops::apply {

namespace {

constexpr const char* kRestartedAt = kube::kRestartedAtAnnotation;

// The homeserver.yaml the plan's ConfigMap holds now, for the config-hash annotation; empty
// when the plan changes no ConfigMap.
Result<std::string> current_homeserver(const ActuationContext& context, const Plan& plan) {
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

std::string now_stamp() { return kube::format_rfc3339_local(std::chrono::system_clock::now()); }

}  // namespace

bool SynapseRestart::writes_cluster() const { return true; }

Result<nlohmann::json> SynapseRestart::before_image(ActuationContext& context, const Action& action) const {
  auto live = read_live(context, action.target);
  if (!live) return std::unexpected(live.error());
  const auto annotations = value_at(live->body.json(), "/spec/template/metadata/annotations");
  return nlohmann::json{{"resourceVersion", live->resource_version},
                        {"restartedAt_before", annotations.is_object() && annotations.contains(kRestartedAt)
                                                   ? annotations.at(kRestartedAt) : nlohmann::json()},
                        {"stamp", now_stamp()}};
}

// Expected: the restartedAt the template had when the step began; anything else means
// someone else restarted it since.
Result<nlohmann::json> SynapseRestart::act(ActuationContext& context, const StepRun& step) const {
  const FieldPath restarted{pointer_join("/spec/template/metadata/annotations", kRestartedAt), ""};
  const FieldPath hash{pointer_join("/spec/template/metadata/annotations", kConfigHashAnnotation), ""};
  auto homeserver = current_homeserver(context, step.plan);
  if (!homeserver) return std::unexpected(homeserver.error());
  std::vector<FieldValue> target{{restarted, step.before.value("stamp", "")}};
  if (!homeserver->empty()) target.push_back({hash, config_hash(*homeserver)});
  auto written = guarded_write(context.client, step.action.target, {{restarted, step.before.value("restartedAt_before", nlohmann::json())}},
                               target);
  if (!written) return std::unexpected(written.error());
  return nlohmann::json{{"already_live", *written == Written::already}};
}

std::optional<ObjectRef> SynapseRestart::settles(const Action& action) const {
  if (!kube::has_rollout(action.target.kind)) return std::nullopt;
  return action.target;
}

Result<bool> restart_workload(const ActuationContext& context, const ObjectRef& ref, const std::string& homeserver) {
  nlohmann::json stamps = {{kRestartedAt, now_stamp()}};
  if (!homeserver.empty()) stamps[std::string(kConfigHashAnnotation)] = config_hash(homeserver);
  auto patched = context.client.merge_patch(ref, {{"spec", {{"template", {{"metadata", {{"annotations", stamps}}}}}}}}, "");
  if (!patched) return std::unexpected(patched.error());
  return true;
}

}  // namespace synops::apply
