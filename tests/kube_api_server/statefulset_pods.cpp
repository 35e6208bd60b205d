#include "statefulset_pods.h"

#include <map>

#include "json_fields.h"

namespace kube_test {

namespace {

using json = nlohmann::json;
using Pods = std::map<long, json>;  // by ordinal

long ordinal_of(const std::string& pod, const std::string& set) {
  if (!pod.starts_with(set + "-")) return -1;
  const std::string rest = pod.substr(set.size() + 1);
  if (rest.empty() || rest.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::atol(rest.c_str());
}

std::string revision_of(const json& pod) {
  const auto& labels = pod["metadata"].value("labels", json::object());
  return labels.value("controller-revision-hash", "");
}

json make_ordinal_pod(const json& set, long ordinal, const std::string& revision, const json& pod_template) {
  const json& metadata = set["metadata"];
  const std::string name = metadata.value("name", "");
  const std::string pod_name = name + "-" + std::to_string(ordinal);
  PodOrigin origin;
  origin.name = pod_name;
  origin.generate_name = name + "-";
  origin.labels = pod_template.contains("metadata") ? pod_template["metadata"].value("labels", json::object()) : json::object();
  origin.labels["controller-revision-hash"] = revision;
  origin.labels["statefulset.kubernetes.io/pod-name"] = pod_name;
  origin.labels["apps.kubernetes.io/pod-index"] = std::to_string(ordinal);
  origin.owner = {{"apiVersion", "apps/v1"}, {"kind", "StatefulSet"}, {"name", name}, {"uid", metadata.value("uid", "")},
                  {"controller", true}, {"blockOwnerDeletion", true}};
  origin.hostname = pod_name;
  origin.subdomain = set["spec"].value("serviceName", "");
  return new_pod(pod_template, metadata.value("namespace", ""), origin);
}

// The pods as they are now, each moved one kubelet step.
Pods current_statefulset_pods(Store& store, const json& set, const ImageRules& rules) {
  Pods pods;
  const std::string name = set["metadata"].value("name", "");
  for (auto& pod : owned_pods(store, set["metadata"].value("namespace", ""), "StatefulSet", name)) {
    const long ordinal = ordinal_of(pod["metadata"].value("name", ""), name);
    if (ordinal < 0) continue;
    kubelet_step(pod, rules);
    save_pod(store, pod);
    pods[ordinal] = pod;
  }
  return pods;
}

bool all_ready(const Pods& pods) {
  for (const auto& [ordinal, pod] : pods)
    if (!pod_ready(pod)) return false;
  return true;
}

void remove(Store& store, Pods& pods, long ordinal) {
  delete_pod(store, pods.at(ordinal));
  pods.erase(ordinal);
}

// At most one pod created or deleted, as the OrderedReady controller does per sync.
void act(Store& store, const json& set, Pods& pods, bool replace_broken) {
  const long replicas = integer_field(set["spec"], "replicas", 1);
  const std::string update = set["status"].value("updateRevision", "");
  const auto& strategy = set["spec"].value("updateStrategy", json::object());
  const bool on_delete = strategy.value("type", "RollingUpdate") == "OnDelete";
  const long partition = strategy.contains("rollingUpdate") ? integer_field(strategy["rollingUpdate"], "partition", 0) : 0;
  const bool parallel = set["spec"].value("podManagementPolicy", "OrderedReady") == "Parallel";
  if (!pods.empty() && pods.rbegin()->first >= replicas) return remove(store, pods, pods.rbegin()->first);  // scale down
  if (replace_broken)
    for (const auto& [ordinal, pod] : pods)
      if (!pod_ready(pod) && revision_of(pod) != update) return remove(store, pods, ordinal);
  for (long ordinal = 0; ordinal < replicas; ++ordinal) {
    if (pods.contains(ordinal)) {
      if (!parallel && !pod_ready(pods.at(ordinal))) return;  // OrderedReady: wait for it
      continue;
    }
    pods[ordinal] = make_ordinal_pod(set, ordinal, update, set["spec"]["template"]);
    save_pod(store, pods[ordinal]);
    if (!parallel) return;
  }
  if (on_delete || !all_ready(pods)) return;  // a broken pod stops the rolling update
  for (auto it = pods.rbegin(); it != pods.rend() && it->first >= partition; ++it)
    if (revision_of(it->second) != update) return remove(store, pods, it->first);
}

}  // namespace

void adopt_statefulset_pods(Store& store, const json& set, const json& old_template, long replicas, const std::string& revision) {
  const std::string name = set["metadata"].value("name", "");
  Pods existing;
  for (const auto& pod : owned_pods(store, set["metadata"].value("namespace", ""), "StatefulSet", name))
    existing[ordinal_of(pod["metadata"].value("name", ""), name)] = pod;
  for (long ordinal = 0; ordinal < replicas; ++ordinal) {
    if (existing.contains(ordinal)) continue;
    json pod = make_ordinal_pod(set, ordinal, revision, old_template);
    kubelet_step(pod, ImageRules{"", "", "", nullptr});  // it has been running all along
    save_pod(store, pod);
  }
}

bool statefulset_pods_step(Store& store, json& set, const ImageRules& rules, bool replace_broken) {
  Pods pods = current_statefulset_pods(store, set, rules);
  act(store, set, pods, replace_broken);
  auto& status = set["status"];
  const long replicas = integer_field(set["spec"], "replicas", 1);
  const std::string update = status.value("updateRevision", "");
  long ready = 0, updated = 0, current = 0;
  for (const auto& [ordinal, pod] : pods) {
    ready += pod_ready(pod);
    updated += revision_of(pod) == update;
    current += revision_of(pod) == status.value("currentRevision", "");
  }
  status["replicas"] = static_cast<long>(pods.size());
  status["readyReplicas"] = status["availableReplicas"] = ready;
  status["updatedReplicas"] = updated;
  status["currentReplicas"] = current;
  const auto& strategy = set["spec"].value("updateStrategy", json::object());
  const long partition = strategy.contains("rollingUpdate") ? integer_field(strategy["rollingUpdate"], "partition", 0) : 0;
  const bool complete = static_cast<long>(pods.size()) == replicas && ready == replicas && updated >= replicas - partition;
  if (complete && updated == replicas) {
    status["currentRevision"] = update;
    status["currentReplicas"] = updated;
  }
  return complete;
}

}  // namespace kube_test
