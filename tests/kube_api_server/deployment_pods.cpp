#include "deployment_pods.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "json_fields.h"

namespace kube_test {

namespace {

using json = nlohmann::json;

// maxSurge / maxUnavailable: a count, or a percentage of replicas (surge rounds up,
// unavailable down, as the API does).
long scaled(const json& strategy, const char* key, long replicas, bool round_up) {
  const json& rolling = strategy.value("rollingUpdate", json::object());
  const json value = rolling.contains(key) ? rolling[key] : json("25%");
  if (value.is_number_integer()) return value.get<long>();
  const double percent = std::atof(value.get<std::string>().c_str()) * static_cast<double>(replicas) / 100.0;
  return static_cast<long>(round_up ? std::ceil(percent) : std::floor(percent));
}

std::string suffix() {
  static constexpr char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";  // the API's generateName alphabet
  static std::mt19937 random{std::random_device{}()};
  std::string text;
  for (int i = 0; i < 5; ++i) text += kAlphabet[random() % (sizeof kAlphabet - 1)];
  return text;
}

// The ReplicaSet's uid, stable for the Deployment and template (no ReplicaSet object is served).
std::string replica_set_uid(const std::string& deployment_uid, const std::string& hash) {
  char text[40];
  const size_t a = std::hash<std::string>{}(deployment_uid + hash), b = std::hash<std::string>{}(hash + deployment_uid);
  std::snprintf(text, sizeof text, "%08zx-%04zx-%04zx-%04zx-%012zx", a >> 32 & 0xffffffff, a >> 16 & 0xffff, a & 0xffff, b >> 48 & 0xffff,
                b & 0xffffffffffff);
  return text;
}

json make_replica_set_pod(const json& deployment, const std::string& hash, const json& pod_template) {
  const json& metadata = deployment["metadata"];
  const std::string replica_set = metadata.value("name", "") + "-" + hash;
  PodOrigin origin;
  origin.generate_name = replica_set + "-";
  origin.name = origin.generate_name + suffix();
  origin.labels = pod_template.contains("metadata") ? pod_template["metadata"].value("labels", json::object()) : json::object();
  origin.labels["pod-template-hash"] = hash;
  origin.owner = {{"apiVersion", "apps/v1"}, {"kind", "ReplicaSet"}, {"name", replica_set},
                  {"uid", replica_set_uid(metadata.value("uid", ""), hash)}, {"controller", true}, {"blockOwnerDeletion", true}};
  return new_pod(pod_template, metadata.value("namespace", ""), origin);
}

std::string hash_of_pod(const json& pod) { return pod["metadata"].value("labels", json::object()).value("pod-template-hash", ""); }

// The Deployment's pods (through their ReplicaSets), each moved one kubelet step.
std::vector<json> current_deployment_pods(Store& store, const json& deployment, const ImageRules& rules) {
  const std::string name = deployment["metadata"].value("name", "");
  std::vector<json> pods;
  for (auto& pod : owned_pods(store, deployment["metadata"].value("namespace", ""), "ReplicaSet", name + "-", true)) {
    if (pod["metadata"]["ownerReferences"][0].value("name", "") != name + "-" + hash_of_pod(pod)) continue;  // another Deployment's
    kubelet_step(pod, rules);
    save_pod(store, pod);
    pods.push_back(pod);
  }
  // Unready pods first: they are the ones a controller removes first.
  std::ranges::stable_partition(pods, [](const json& pod) { return !pod_ready(pod); });
  return pods;
}

}  // namespace

void adopt_deployment_pods(Store& store, const json& deployment, const json& old_template, const std::string& old_hash, long replicas) {
  const std::string name = deployment["metadata"].value("name", "");
  long existing = 0;
  for (const auto& pod : owned_pods(store, deployment["metadata"].value("namespace", ""), "ReplicaSet", name + "-" + old_hash))
    existing += hash_of_pod(pod) == old_hash;
  for (; existing < replicas; ++existing) {
    json pod = make_replica_set_pod(deployment, old_hash, old_template);
    kubelet_step(pod, ImageRules{"", "", "", nullptr});  // it has been running all along
    save_pod(store, pod);
  }
}

bool deployment_pods_step(Store& store, json& deployment, const std::string& hash, const ImageRules& rules) {
  const long replicas = integer_field(deployment["spec"], "replicas", 1);
  const json strategy = deployment["spec"].value("strategy", json::object());
  const bool recreate = strategy.value("type", "RollingUpdate") == "Recreate";
  long surge = recreate ? 0 : scaled(strategy, "maxSurge", replicas, true);
  const long unavailable = recreate ? replicas : scaled(strategy, "maxUnavailable", replicas, false);
  if (surge == 0 && unavailable == 0) surge = 1;  // the API refuses both zero
  std::vector<json> fresh, old;
  for (auto& pod : current_deployment_pods(store, deployment, rules)) (hash_of_pod(pod) == hash ? fresh : old).push_back(std::move(pod));
  long ready = std::ranges::count_if(fresh, pod_ready) + std::ranges::count_if(old, pod_ready);
  while (static_cast<long>(fresh.size()) > replicas) {  // scaled down
    ready -= pod_ready(fresh.front());
    delete_pod(store, fresh.front());
    fresh.erase(fresh.begin());
  }
  if (!recreate || old.empty()) {
    const long room = replicas + surge - static_cast<long>(fresh.size() + old.size());
    for (long n = std::min(replicas - static_cast<long>(fresh.size()), room); n > 0; --n) {
      fresh.push_back(make_replica_set_pod(deployment, hash, deployment["spec"]["template"]));
      save_pod(store, fresh.back());
    }
  }
  std::erase_if(old, [&](const json& pod) {
    const bool ready_pod = pod_ready(pod);
    if (ready_pod && ready - 1 < replicas - unavailable) return false;  // keeps the minimum available
    ready -= ready_pod;
    delete_pod(store, pod);
    return true;
  });
  auto& status = deployment["status"];
  const long fresh_ready = std::ranges::count_if(fresh, pod_ready);
  status["replicas"] = static_cast<long>(fresh.size() + old.size());
  status["updatedReplicas"] = static_cast<long>(fresh.size());
  status["readyReplicas"] = status["availableReplicas"] = ready;
  return static_cast<long>(fresh.size()) == replicas && fresh_ready == replicas && old.empty();
}

}  // namespace kube_test
