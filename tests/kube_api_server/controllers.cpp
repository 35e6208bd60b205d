#include "controllers.h"

#include <functional>
#include <vector>

#include "config_crash.h"
#include "deployment_pods.h"
#include "statefulset_pods.h"
#include "json_fields.h"

namespace kube_test {

namespace {

// --instant-rollouts: at most this many controller steps of one object within a tick.
constexpr int kInstantSteps = 1000;

std::string hash_of(const nlohmann::json& value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016zx", std::hash<std::string>{}(value.dump()));
  return std::string(text).substr(0, 10);
}

std::string now_text() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

void set_condition(nlohmann::json& status, const std::string& type, const std::string& value, const std::string& reason,
                   const std::string& message, std::optional<long> observed_generation = std::nullopt) {
  auto& conditions = status["conditions"];
  if (!conditions.is_array()) conditions = nlohmann::json::array();
  nlohmann::json* entry = nullptr;
  for (auto& existing : conditions)
    if (existing.value("type", "") == type) entry = &existing;
  if (entry == nullptr) entry = &conditions.emplace_back(nlohmann::json{{"type", type}});
  const bool same = entry->value("status", "") == value && entry->value("reason", "") == reason &&
                    entry->value("message", "") == message &&
                    (!observed_generation || integer_field(*entry, "observedGeneration", -1) == *observed_generation);
  if (same) return;  // a controller does not rewrite an unchanged condition (no resourceVersion churn)
  if (entry->value("status", "") != value) (*entry)["lastTransitionTime"] = now_text();
  (*entry)["status"] = value;
  (*entry)["reason"] = reason;
  (*entry)["message"] = message;
  if (type != "Ready") (*entry)["lastUpdateTime"] = now_text();
  if (observed_generation) (*entry)["observedGeneration"] = *observed_generation;
}

void remove_condition(nlohmann::json& status, const std::string& type) {
  auto& conditions = status["conditions"];
  if (!conditions.is_array()) return;
  for (auto it = conditions.begin(); it != conditions.end();)
    it = it->value("type", "") == type ? conditions.erase(it) : std::next(it);
}

nlohmann::json template_images(const nlohmann::json& object) {
  nlohmann::json images = nlohmann::json::array();
  const auto pointer = "/spec/template/spec/containers"_json_pointer;
  if (object.contains(pointer))
    for (const auto& container : object[pointer]) images.push_back(container.value("image", ""));
  return images;
}

std::string track_key(const Stored& stored) {
  return stored.resource->group_resource() + "/" + stored.body["metadata"].value("namespace", "") + "/" +
         stored.body["metadata"].value("name", "");
}

}  // namespace

ImageRules Controllers::image_rules() const {
  ImageRules rules{config_.bad_image, config_.unpullable_image, config_.slow_image, nullptr};
  if (!config_.bad_config.empty())
    rules.crashes_on_config = [this](nlohmann::json& pod) { return crashes_on_config(store_, pod, config_.bad_config); };
  return rules;
}

bool Controllers::bad(const nlohmann::json& images) const {
  for (const auto& image : images)
    if (image.is_string() && image_rules().of(image.get<std::string>()) != ImageHealth::healthy) return true;
  return false;
}

void Controllers::tick() {
  using Step = void (Controllers::*)(nlohmann::json&, Track&);
  const std::map<std::string, Step> steps = {{"Deployment", &Controllers::deployment},
                                             {"StatefulSet", &Controllers::statefulset},
                                             {"Cluster", &Controllers::cnpg_cluster},
                                             {"Tenant", &Controllers::tenant},
                                             {"Certificate", &Controllers::certificate}};
  for (const auto& resource : resources()) {
    const auto step = steps.find(resource.kind);
    if (step == steps.end()) continue;
    for (const Stored* stored : store_.list(resource, "")) {
      nlohmann::json object = stored->body;
      const std::string key = track_key(*stored);
      auto [at, fresh] = tracks_.try_emplace(key);
      if (fresh) at->second.hash = "";  // first sight: the step decides whether a rollout is under way
      (this->*step->second)(object, at->second);
      // A rollout is a few steps per replica; a broken one never ends, hence the bound.
      for (int again = 0; config_.instant_rollouts && at->second.rolling && again < kInstantSteps; ++again)
        (this->*step->second)(object, at->second);
      if (object != stored->body) store_.write(resource, std::move(object));  // invalidates `stored`; the loop's list is a copy
    }
  }
}

void Controllers::deployment(nlohmann::json& object, Track& track) {
  auto& status = object["status"];
  if (!status.is_object()) status = nlohmann::json::object();
  const long generation = integer_field(object["metadata"], "generation", 1);
  const long replicas = integer_field(object["spec"], "replicas", 1);
  const std::string hash = hash_of(object["spec"]["template"]);
  const bool at_rest = integer_field(status, "observedGeneration", 0) >= generation && integer_field(status, "updatedReplicas", 0) == replicas &&
                       integer_field(status, "availableReplicas", 0) == replicas && integer_field(status, "replicas", 0) == replicas;
  if (track.hash.empty()) {
    track = {hash, !at_rest, 0, std::chrono::steady_clock::now()};
    if (at_rest) track.rolled_template = object["spec"]["template"], track.rolled_hash = hash;
  } else if (hash != track.hash) {
    track.hash = hash;
    track.rolling = true;
    track.step = 0;
    track.started = std::chrono::steady_clock::now();
    auto& annotations = object["metadata"]["annotations"];
    const long revision = std::atol(annotations.value("deployment.kubernetes.io/revision", "0").c_str());
    annotations["deployment.kubernetes.io/revision"] = std::to_string(revision + 1);
    status["updatedReplicas"] = 0;
  }
  if (integer_field(status, "observedGeneration", 0) != generation) {
    status["observedGeneration"] = generation;
    track.rolling = true;
  }
  if (!track.managed && track.rolling && track.rolled_template.is_object())
    adopt_deployment_pods(store_, object, track.rolled_template, track.rolled_hash, integer_field(status, "replicas", 0));
  track.managed = track.managed || track.rolling;
  if (track.managed && object["spec"].contains("template")) {
    const bool complete = deployment_pods_step(store_, object, hash, image_rules());
    if (track.rolling) deployment_conditions(object, track, complete, hash);
    return;
  }
  if (!track.rolling) return;
  const std::string replica_set = object["metadata"].value("name", "") + "-" + hash;
  long updated = std::min(integer_field(status, "updatedReplicas", 0), replicas);
  if (bad(template_images(object))) {
    status["updatedReplicas"] = std::min(replicas, 1L);
    status["replicas"] = integer_field(status, "availableReplicas", 0) + std::min(replicas, 1L);
    deployment_conditions(object, track, false, hash);
    return;
  }
  if (updated < replicas) {
    ++updated;
    status["updatedReplicas"] = updated;
    status["replicas"] = replicas + 1;  // one old pod still terminating
    status["readyReplicas"] = status["availableReplicas"] = std::max(0L, replicas - 1);
    set_condition(status, "Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"" + replica_set + "\" is progressing.");
    return;
  }
  status["updatedReplicas"] = status["replicas"] = status["readyReplicas"] = status["availableReplicas"] = replicas;
  deployment_conditions(object, track, true, hash);
}

// Progressing and Available as the Deployment controller sets them, from what the pods did.
void Controllers::deployment_conditions(nlohmann::json& object, Track& track, bool complete, const std::string& hash) {
  auto& status = object["status"];
  const std::string replica_set = object["metadata"].value("name", "") + "-" + hash;
  if (complete) {
    set_condition(status, "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.");
    set_condition(status, "Progressing", "True", "NewReplicaSetAvailable",
                  "ReplicaSet \"" + replica_set + "\" has successfully progressed.");
    track.rolling = false;
    return;
  }
  const long deadline_ms = config_.progress_deadline_ms > 0 ? config_.progress_deadline_ms
                                                            : integer_field(object["spec"], "progressDeadlineSeconds", 600) * 1000;
  if (std::chrono::steady_clock::now() - track.started > std::chrono::milliseconds(deadline_ms)) {
    set_condition(status, "Progressing", "False", "ProgressDeadlineExceeded",
                  "ReplicaSet \"" + replica_set + "\" has timed out progressing.");
    track.rolling = false;
    return;
  }
  set_condition(status, "Progressing", "True", "ReplicaSetUpdated", "ReplicaSet \"" + replica_set + "\" is progressing.");
}

void Controllers::statefulset(nlohmann::json& object, Track& track) {
  auto& status = object["status"];
  if (!status.is_object()) status = nlohmann::json::object();
  const std::string name = object["metadata"].value("name", "");
  const long generation = integer_field(object["metadata"], "generation", 1);
  const long replicas = integer_field(object["spec"], "replicas", 1);
  const auto& strategy = object["spec"].value("updateStrategy", nlohmann::json::object());
  const bool on_delete = strategy.value("type", "RollingUpdate") == "OnDelete";
  const long partition = strategy.contains("rollingUpdate") ? integer_field(strategy["rollingUpdate"], "partition", 0) : 0;
  const std::string hash = hash_of(object["spec"]["template"]);
  const bool at_rest = integer_field(status, "observedGeneration", 0) >= generation && integer_field(status, "readyReplicas", 0) == replicas &&
                       integer_field(status, "updatedReplicas", 0) == replicas &&
                       status.value("updateRevision", "") == status.value("currentRevision", "");
  if (track.hash.empty()) {
    track = {hash, !at_rest, 0, std::chrono::steady_clock::now()};
    // A template seen before keeps its revision name (as its ControllerRevision would).
    if (at_rest && status.contains("currentRevision")) track.revisions[hash] = status.value("currentRevision", "");
    if (at_rest) track.rolled_template = object["spec"]["template"], track.rolled_hash = hash;
  } else if (hash != track.hash) {
    track.hash = hash;
    track.rolling = true;
    track.step = 0;
    track.started = std::chrono::steady_clock::now();
    if (!track.revisions.contains(hash)) track.revisions[hash] = name + "-" + hash;
    status["updateRevision"] = track.revisions[hash];
    status["updatedReplicas"] = 0;
  }
  if (integer_field(status, "observedGeneration", 0) != generation) {
    status["observedGeneration"] = generation;
    track.rolling = true;
  }
  if (!track.managed && track.rolling && track.rolled_template.is_object())
    adopt_statefulset_pods(store_, object, track.rolled_template, integer_field(status, "replicas", 0),
                           track.revisions[track.rolled_hash]);
  track.managed = track.managed || track.rolling;
  if (track.managed && object["spec"].contains("template")) {
    if (!status.contains("updateRevision")) status["updateRevision"] = track.revisions.try_emplace(hash, name + "-" + hash).first->second;
    if (!status.contains("currentRevision")) status["currentRevision"] = status["updateRevision"];
    if (statefulset_pods_step(store_, object, image_rules(), !config_.forced_rollback)) track.rolling = false;
    return;
  }
  status["replicas"] = replicas;
  if (!track.rolling || on_delete) {  // OnDelete: pods change only when someone deletes them
    track.rolling = false;
    return;
  }
  const long target = std::max(0L, replicas - partition);
  long updated = std::min(integer_field(status, "updatedReplicas", 0), replicas);
  long ready = std::min(integer_field(status, "readyReplicas", 0), replicas);
  const bool broken = bad(template_images(object));
  if (broken && updated >= 1) {
    // The updated pod never becomes ready; OrderedReady stops the rollout there.
  } else if (updated < target && ready == replicas) {
    --ready;  // take the next pod down for its update
  } else if (updated < target) {
    ++updated;
    if (!broken) ++ready;
  } else if (ready < replicas) {
    ready = replicas;
  } else {
    if (target == replicas) {
      status["currentRevision"] = status.value("updateRevision", name + "-" + hash);
      status["currentReplicas"] = replicas;
    }
    track.rolling = false;
  }
  status["updatedReplicas"] = updated;
  status["readyReplicas"] = status["availableReplicas"] = ready;
  if (track.rolling) status["currentReplicas"] = replicas - updated;
}

void Controllers::cnpg_cluster(nlohmann::json& object, Track& track) {
  auto& status = object["status"];
  if (!status.is_object()) status = nlohmann::json::object();
  const long instances = integer_field(object["spec"], "instances", 1);
  const std::string hash = hash_of(object["spec"]);
  const bool at_rest = status.value("phase", "") == "Cluster in healthy state" && integer_field(status, "readyInstances", 0) == instances;
  if (track.hash.empty()) track = {hash, !at_rest, 0, std::chrono::steady_clock::now()};
  else if (hash != track.hash) track = {hash, true, 0, std::chrono::steady_clock::now()};
  if (!track.rolling) return;
  const bool broken = bad(nlohmann::json::array({object["spec"].value("imageName", "")}));
  const long generation = integer_field(object["metadata"], "generation", 1);
  status["instances"] = instances;
  if (track.step < 2 || broken) {
    status["phase"] = "Upgrading cluster";
    status["phaseReason"] = "Upgrading instances one at a time";
    status["readyInstances"] = std::max(0L, instances - 1);
    set_condition(status, "Ready", "False", "ClusterIsNotReady", "Cluster Is Not Ready", generation);
    ++track.step;
    return;
  }
  status["phase"] = "Cluster in healthy state";
  status.erase("phaseReason");
  status["readyInstances"] = instances;
  // As CloudNativePG: the image every instance runs, once the rollout is done.
  if (object["spec"].contains("imageName")) status["image"] = object["spec"]["imageName"];
  set_condition(status, "Ready", "True", "ClusterIsReady", "Cluster is Ready", generation);
  track.rolling = false;
}

void Controllers::tenant(nlohmann::json& object, Track& track) {
  auto& status = object["status"];
  if (!status.is_object()) status = nlohmann::json::object();
  const std::string hash = hash_of(object["spec"]);
  const bool at_rest = status.value("currentState", "") == "Initialized" && status.value("healthStatus", "") == "green";
  if (track.hash.empty()) track = {hash, !at_rest, 0, std::chrono::steady_clock::now()};
  else if (hash != track.hash) track = {hash, true, 0, std::chrono::steady_clock::now()};
  if (!track.rolling) return;
  const bool broken = bad(nlohmann::json::array({object["spec"].value("image", "")}));
  if (track.step < 2 || broken) {
    status["currentState"] = "Updating MinIO Version";
    status["healthStatus"] = "yellow";
    ++track.step;
    return;
  }
  status["currentState"] = "Initialized";
  status["healthStatus"] = "green";
  track.rolling = false;
}

void Controllers::certificate(nlohmann::json& object, Track& track) {
  auto& status = object["status"];
  if (!status.is_object()) status = nlohmann::json::object();
  const long generation = integer_field(object["metadata"], "generation", 1);
  const std::string hash = hash_of(object["spec"]);
  bool at_rest = false;
  for (const auto& condition : status.value("conditions", nlohmann::json::array()))
    if (condition.value("type", "") == "Ready" && condition.value("status", "") == "True" &&
        integer_field(condition, "observedGeneration", 0) >= generation)
      at_rest = true;
  if (track.hash.empty()) track = {hash, !at_rest, 0, std::chrono::steady_clock::now()};
  else if (hash != track.hash) track = {hash, true, 0, std::chrono::steady_clock::now()};
  if (!track.rolling) return;
  if (track.step++ == 0) {
    set_condition(status, "Issuing", "True", "Reissuing", "Issuing certificate as Secret was previously issued by a different spec",
                  generation);
    return;
  }
  remove_condition(status, "Issuing");
  set_condition(status, "Ready", "True", "Ready", "Certificate is up to date and has not expired", generation);
  status["revision"] = integer_field(status, "revision", 0) + 1;
  track.rolling = false;
}

}  // namespace kube_test
