#include "object_update.h"

#include <fmt/format.h>

#include "adapters/kubernetes/kinds.h"
#include "adapters/kubernetes/pod_status.h"
#include "adapters/kubernetes/readiness.h"
#include "guarded_patch.h"
#include "object_fields.h"
#include "workload_pods.h"

namespace synops::apply {

namespace {

std::vector<FieldValue> befores(const Action& action) { return change_values(action.changes, ChangeSide::before); }
std::vector<FieldValue> afters(const Action& action) { return change_values(action.changes, ChangeSide::after); }

}  // namespace

Result<LiveObject> read_live(const ActuationContext& context, const ObjectRef& ref) {
  auto object = context.client.get(ref);
  if (!object) return std::unexpected(object.error());
  if (!*object) return fail(kube::describe(ref) + " does not exist any more");
  return std::move(**object);
}

std::optional<std::string> ObjectUpdate::refusal(const Action& action) const {
  if (kube::find_kind(action.target.kind) != nullptr) return std::nullopt;
  return "apply cannot change " + action.target.str() + " yet (unknown kind)";
}

bool ObjectUpdate::writes_cluster() const { return true; }

Result<nlohmann::json> ObjectUpdate::before_image(ActuationContext& context, const Action& action) const {
  auto live = read_live(context, action.target);
  if (!live) return std::unexpected(live.error());
  auto was = fields_hold(live->body.json(), befores(action));
  auto now = fields_hold(live->body.json(), afters(action));
  if (!was) return std::unexpected(was.error());
  if (!now) return std::unexpected(now.error());
  if (!*was && !*now) return fail(describe_mismatch(action.target, live->body.json(), befores(action)));
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& change : action.changes)
    fields.push_back({{"path", change.path.str()}, {"before", change.before}, {"after", change.after}});
  return nlohmann::json{{"resourceVersion", live->resource_version}, {"fields", fields}};
}

// Re-checks the precondition right before writing.
Result<nlohmann::json> ObjectUpdate::act(ActuationContext& context, const StepRun& step) const {
  auto written = guarded_write(context.client, step.action.target, befores(step.action), afters(step.action));
  if (!written) return std::unexpected(written.error());
  return nlohmann::json{{"already_live", *written == Written::already}};
}

bool ObjectUpdate::has_undo() const { return true; }

Result<bool> ObjectUpdate::undo(ActuationContext& context, const BegunStep& step) const {
  std::vector<FieldValue> before, after;
  for (const auto& field : step.before.value("fields", nlohmann::json::array())) {
    const FieldPath path = FieldPath::parse(field.value("path", ""));
    before.push_back({path, field.value("before", nlohmann::json())});
    after.push_back({path, field.value("after", nlohmann::json())});
  }
  auto written = guarded_write(context.client, step.action.target, after, before);
  if (!written) return fail("cannot undo " + step.action.id + ": " + written.error().front().message);
  return true;
}

std::optional<ObjectRef> ObjectUpdate::settles(const Action& action) const {
  if (!kube::has_rollout(action.target.kind)) return std::nullopt;
  return action.target;
}

namespace {

// The images the step set ("/spec/template/spec/containers/0/image" changes), as written.
std::vector<std::string> images_set(const Action& action) {
  std::vector<std::string> images;
  for (const auto& change : action.changes)
    if (change.path.pointer.ends_with("/image") && change.after.is_string()) images.push_back(change.after.get<std::string>());
  return images;
}

}  // namespace

// Pods that are not ready and do not run the (restored) template: an OrderedReady controller
// waits for them to become ready, which they never will (Kubernetes' forced rollback: delete
// the pods it tried to run with the bad configuration). Deleted by uid, so a pod recreated
// meanwhile is left alone.
Result<bool> delete_pods_left_on_undone_template(ActuationContext& context, const ObjectRef& target) {
  auto live = read_live(context, target);
  if (!live) return std::unexpected(live.error());
  auto pods = pods_of(context, *live);
  if (!pods) return std::unexpected(pods.error());
  const auto on_template = [&](const nlohmann::json& pod) { return runs_template(pod, live->body.json()); };
  return delete_pods_left_behind(context, target, *pods, on_template, "the undone template");
}

Result<bool> WorkloadUpdate::undo(ActuationContext& context, const BegunStep& step) const {
  if (auto restored = ObjectUpdate::undo(context, step); !restored) return restored;
  if (step.action.target.kind != "StatefulSet") return true;  // a Deployment's new ReplicaSet replaces them
  if (auto freed = delete_pods_left_on_undone_template(context, step.action.target); !freed)
    return fail("cannot undo " + step.action.id + ": the template is restored, but " + freed.error().front().message);
  return true;
}

Result<bool> WorkloadUpdate::crossed_point_of_no_return(ActuationContext& context, const BegunStep& step) const {
  const auto images = images_set(step.action);
  if (images.empty()) return true;  // irreversible for a reason other than a new program
  auto live = read_live(context, step.action.target);
  if (!live) return std::unexpected(live.error());
  auto pods = pods_of(context, *live);
  if (!pods) return std::unexpected(pods.error());
  for (const auto& pod : *pods)
    for (const auto& image : images)
      if (kube::image_started(pod.body.json(), image)) return true;
  return false;
}

Result<bool> WorkloadUpdate::verify(ActuationContext& context, const Action& action) const {
  bool checked = false;
  for (const auto& change : action.changes) {
    if (!change.path.pointer.ends_with("/image")) continue;
    auto live = read_live(context, action.target);
    if (!live) return std::unexpected(live.error());
    auto image = field_value(live->body.json(), change.path);
    if (!image) return std::unexpected(image.error());
    if (*image != change.after)
      return fail(fmt::format("verification failed: {} runs {}, the plan wanted {}", kube::describe(action.target), image->dump(),
                              change.after.dump()));
    const auto ready = kube::readiness(live->body.json());
    if (!ready.ready) return fail("verification failed: " + kube::describe(action.target) + " is not ready: " + ready.message);
    checked = true;
  }
  return checked;
}

}  // namespace synops::apply
