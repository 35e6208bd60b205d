#include "object_create.h"

#include <fmt/format.h>

#include "adapters/kubernetes/kinds.h"
#include "engine/json_pointer.h"
#include "object_fields.h"

namespace synops::apply {

namespace {

nlohmann::json body_of(const Action& action) {
  const kube::KindInfo* kind = kube::find_kind(action.target.kind);
  nlohmann::json body = {{"apiVersion", kind->api_version()},
                         {"kind", action.target.kind},
                         {"metadata", {{"name", action.target.name}, {"labels", {{"app.kubernetes.io/managed-by", "synops"}}}}}};
  if (kind->namespaced) body["metadata"]["namespace"] = action.target.ns;
  for (const auto& change : action.changes) body[nlohmann::json::json_pointer(change.path.pointer)] = change.after;
  return body;
}

// The object as live, if any: one synops made with the step's values is the step done; any
// other stops it.
Result<bool> already_created(ActuationContext& context, const Action& action) {
  auto live = context.client.get(action.target);
  if (!live) return std::unexpected(live.error());
  if (!*live) return false;
  if (!made_by_synops(**live))
    return fail(fmt::format("{} exists and synops did not create it (no label app.kubernetes.io/managed-by=synops): name it "
                            "in the manifests, or remove it", kube::describe(action.target)));
  auto holds = fields_hold((*live)->body.json(), change_values(action.changes, ChangeSide::after));
  if (!holds) return std::unexpected(holds.error());
  if (!*holds) return fail(kube::describe(action.target) + " exists, made by synops, but not with the values this step creates");
  return true;
}

}  // namespace

bool made_by_synops(const LiveObject& object) {
  return value_at(object.body.json(), "/metadata/labels/app.kubernetes.io~1managed-by") == "synops";
}

std::optional<std::string> ObjectCreate::refusal(const Action& action) const {
  if (kube::find_kind(action.target.kind) != nullptr) return std::nullopt;
  return "apply cannot create " + action.target.str() + " yet (unknown kind)";
}

bool ObjectCreate::writes_cluster() const { return true; }

Result<nlohmann::json> ObjectCreate::before_image(ActuationContext& context, const Action& action) const {
  auto done = already_created(context, action);
  if (!done) return std::unexpected(done.error());
  return nlohmann::json{{"existed", *done}};
}

Result<nlohmann::json> ObjectCreate::act(ActuationContext& context, const StepRun& step) const {
  auto done = already_created(context, step.action);
  if (!done) return std::unexpected(done.error());
  if (*done) return nlohmann::json{{"already_live", true}};
  auto created = context.client.create(step.action.target, body_of(step.action));
  if (!created) return std::unexpected(created.error());
  return nlohmann::json{{"already_live", false}, {"uid", value_at(created->body.json(), "/metadata/uid")}};
}

bool ObjectCreate::has_undo() const { return true; }

Result<bool> ObjectCreate::undo(ActuationContext& context, const BegunStep& step) const {
  auto live = context.client.get(step.action.target);
  if (!live) return std::unexpected(live.error());
  if (!*live) return true;  // never created, or deleted already
  if (!made_by_synops(**live))
    return fail(fmt::format("cannot undo {}: {} is not labelled app.kubernetes.io/managed-by=synops, so synops did not create "
                            "it and leaves it", step.action.id, kube::describe(step.action.target)));
  const nlohmann::json uid = value_at((*live)->body.json(), "/metadata/uid");
  auto removed = context.client.remove(step.action.target, uid.is_string() ? uid.get<std::string>() : std::string());
  if (!removed) return fail("cannot undo " + step.action.id + ": " + removed.error().front().message);
  return true;
}

}  // namespace synops::apply
