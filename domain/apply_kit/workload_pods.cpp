#include "workload_pods.h"

#include <map>

#include "adapters/kubernetes/kinds.h"
#include "adapters/kubernetes/pod_status.h"
#include "adapters/kubernetes/readiness.h"
#include "engine/json_pointer.h"
#include "step_wait.h"

namespace synops::apply {

namespace {

// "app=synapse,component=main", sorted as the JSON object already is.
std::string label_query(const nlohmann::json& match_labels) {
  std::string query;
  for (const auto& [key, value] : match_labels.items()) {
    if (!value.is_string()) return "";
    query += (query.empty() ? "" : ",") + key + "=" + value.get<std::string>();
  }
  return query;
}

std::map<std::string, std::string> images_by_container(const nlohmann::json& pod_spec) {
  std::map<std::string, std::string> images;
  const auto containers = pod_spec.value("containers", nlohmann::json::array());
  if (!containers.is_array()) return images;
  for (const auto& container : containers)
    if (container.is_object()) images[container.value("name", "")] = container.value("image", "");
  return images;
}

}  // namespace

Result<std::vector<LiveObject>> pods_of(const ActuationContext& context, const LiveObject& workload) {
  const auto& body = workload.body.json();
  const auto selector = body.value("spec", nlohmann::json::object()).value("selector", nlohmann::json::object());
  const std::string query = selector.is_object() ? label_query(selector.value("matchLabels", nlohmann::json::object())) : "";
  if (query.empty()) return std::vector<LiveObject>{};
  return context.client.list(*kube::find_kind("Pod"), workload.ref.ns, query);
}

bool runs_template(const nlohmann::json& pod, const nlohmann::json& workload) {
  const auto spec = workload.value("spec", nlohmann::json::object()).value("template", nlohmann::json::object());
  if (!spec.is_object() || !pod.is_object()) return false;
  const auto wanted = images_by_container(spec.value("spec", nlohmann::json::object()));
  const auto running = kube::running_images(pod);
  if (wanted.empty() || running.size() != wanted.size()) return false;
  for (const auto& [name, image] : wanted) {
    const auto found = running.find(name);
    if (found == running.end() || !kube::same_image(found->second, image)) return false;
  }
  return true;
}

namespace {

// The StatefulSet once its controller reports the current generation with an update
// revision; nothing when it has not within the wait (the rollback's health wait then reports).
Result<std::optional<LiveObject>> observed_statefulset(ActuationContext& context, const ObjectRef& ref) {
  for (int attempt = 0; attempt < 300; ++attempt) {
    auto object = context.client.get(ref);
    if (!object) return std::unexpected(object.error());
    if (!*object) return std::optional<LiveObject>{};
    const auto& body = (**object).body.json();
    const auto generation = body.value("metadata", nlohmann::json::object()).value("generation", 0);
    const auto& status = body.value("status", nlohmann::json::object());
    if (status.value("observedGeneration", 0) >= generation && status.contains("updateRevision")) return std::move(**object);
    if (!sleep_unless_interrupted(context.options.poll_interval)) break;
  }
  return std::optional<LiveObject>{};
}

}  // namespace

Result<bool> free_pods_stuck_on_old_revisions(ActuationContext& context, const ObjectRef& statefulset) {
  auto observed = observed_statefulset(context, statefulset);
  if (!observed) return std::unexpected(observed.error());
  if (!*observed) return true;
  const std::string revision = (*observed)->body.json()["status"].value("updateRevision", "");
  auto pods = pods_of(context, **observed);
  if (!pods) return std::unexpected(pods.error());
  const auto of_update_revision = [&](const nlohmann::json& pod) {
    return value_at(pod, "/metadata/labels/controller-revision-hash") == revision;
  };
  return delete_pods_left_behind(context, statefulset, *pods, of_update_revision, "an older revision");
}

Result<bool> delete_pods_left_behind(ActuationContext& context, const ObjectRef& workload, const std::vector<LiveObject>& pods,
                                     const std::function<bool(const nlohmann::json& pod)>& current, const std::string& left_on) {
  for (const auto& pod : pods) {
    const auto ready = kube::pod_readiness(pod.body.json());
    if (ready.ready || current(pod.body.json())) continue;
    const auto stuck = kube::stuck_reason(pod.body.json());
    context.progress("delete pod " + pod.ref.name + " (" + (stuck ? *stuck : ready.message) + "): " + kube::describe(workload) +
                     " does not replace a pod left on " + left_on + " by itself");
    const nlohmann::json uid = value_at(pod.body.json(), "/metadata/uid");
    if (auto removed = context.client.remove(pod.ref, uid.is_string() ? uid.get<std::string>() : ""); !removed) return removed;
  }
  return true;
}

Result<std::optional<std::string>> stuck_template_pod(const ActuationContext& context, const LiveObject& workload) {
  auto pods = pods_of(context, workload);
  if (!pods) return std::unexpected(pods.error());
  for (const auto& pod : *pods) {
    if (!runs_template(pod.body.json(), workload.body.json())) continue;
    if (auto reason = kube::stuck_reason(pod.body.json())) return "pod " + pod.ref.name + ": " + *reason;
  }
  return std::optional<std::string>{};
}

}  // namespace synops::apply
