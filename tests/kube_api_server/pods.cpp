#include "pods.h"

#include <chrono>
#include <functional>
#include <random>

#include "objects.h"

namespace kube_test {

namespace {

using json = nlohmann::json;

std::string hex_digest(const std::string& seed, size_t length) {
  std::string out;
  for (size_t round = 0; out.size() < length; ++round) {
    char part[17];
    std::snprintf(part, sizeof part, "%016zx", std::hash<std::string>{}(seed + "#" + std::to_string(round)));
    out += part;
  }
  return out.substr(0, length);
}

std::string random_hex(size_t length) {
  static std::mt19937_64 random{std::random_device{}()};
  return hex_digest(std::to_string(random()), length);
}

// As containerd reports a pulled image: "nginx:1" is "docker.io/library/nginx:1".
std::string normalized_image(const std::string& image) {
  const auto slash = image.find('/');
  const std::string first = slash == std::string::npos ? "" : image.substr(0, slash);
  const bool has_registry = first.find('.') != std::string::npos || first.find(':') != std::string::npos || first == "localhost";
  if (has_registry) return image;
  return slash == std::string::npos ? "docker.io/library/" + image : "docker.io/" + image;
}

std::string image_id(const std::string& image) {
  const std::string name = normalized_image(image);
  const auto tag = name.find(':', name.rfind('/') + 1);
  return name.substr(0, tag) + "@sha256:" + hex_digest(name, 64);
}

// The address a pod gets from its (imaginary) network: stable for a pod's uid.
std::string pod_ip(const std::string& uid) {
  const size_t value = std::hash<std::string>{}(uid);
  return "10.244." + std::to_string(value % 250) + "." + std::to_string(2 + (value >> 8) % 250);
}

json waiting(const std::string& reason, const std::string& message = "") {
  json state = {{"reason", reason}};
  if (!message.empty()) state["message"] = message;
  return {{"waiting", state}};
}

std::string waiting_reason(const json& status) {
  return status["state"].contains("waiting") ? status["state"]["waiting"].value("reason", "") : "";
}

void start(json& status, const std::string& image, bool ready) {
  status["state"] = {{"running", {{"startedAt", rfc3339_now()}}}};
  status["started"] = true;
  status["ready"] = ready;
  status["image"] = normalized_image(image);
  status["imageID"] = image_id(image);
  status["containerID"] = "containerd://" + random_hex(64);
}

// The process exits 1; the kubelet counts the restart and backs off before the next one.
void crash(json& status, const std::string& pod_name, const std::string& ns, const std::string& uid) {
  const std::string name = status.value("name", "");
  status["lastState"] = {{"terminated",
                          {{"exitCode", 1}, {"reason", "Error"}, {"startedAt", status["state"]["running"].value("startedAt", "")},
                           {"finishedAt", rfc3339_now()}, {"containerID", status.value("containerID", "")}}}};
  status["restartCount"] = status.value("restartCount", 0) + 1;
  status["state"] = waiting("CrashLoopBackOff", "back-off 10s restarting failed container=" + name + " pod=" + pod_name + "_" + ns +
                                                    "(" + uid + ")");
  status["started"] = false;
  status["ready"] = false;
}

void pull_fails(json& status, const std::string& image) {
  const std::string name = normalized_image(image);
  if (waiting_reason(status) == "ErrImagePull") {
    status["state"] = waiting("ImagePullBackOff", "Back-off pulling image \"" + image + "\"");
    return;
  }
  status["state"] = waiting("ErrImagePull", "rpc error: code = NotFound desc = failed to pull and unpack image \"" + name +
                                                "\": failed to resolve reference \"" + name + "\": " + name + ": not found");
}

void step_container(json& status, const std::string& image, ImageHealth health, const json& metadata) {
  const bool creating = waiting_reason(status) == "ContainerCreating";
  const bool running = status["state"].contains("running");
  switch (health) {
    case ImageHealth::healthy:
      if (creating) start(status, image, true);
      return;
    case ImageHealth::unpullable:
      pull_fails(status, image);
      return;
    case ImageHealth::slow:
      return;  // stays ContainerCreating
    case ImageHealth::crashing:
      if (running) crash(status, metadata.value("name", ""), metadata.value("namespace", ""), metadata.value("uid", ""));
      else start(status, image, false);  // created, or its back-off is over
      return;
  }
}

void set_pod_condition(json& conditions, const std::string& type, bool value, const std::string& reason = "",
                       const std::string& message = "") {
  json* entry = nullptr;
  for (auto& existing : conditions)
    if (existing.value("type", "") == type) entry = &existing;
  if (entry == nullptr) entry = &conditions.emplace_back(json{{"type", type}, {"lastProbeTime", nullptr}});
  const std::string text = value ? "True" : "False";
  if ((*entry).value("status", "") != text) (*entry)["lastTransitionTime"] = rfc3339_now();
  (*entry)["status"] = text;
  entry->erase("reason");
  entry->erase("message");
  if (!reason.empty()) (*entry)["reason"] = reason;
  if (!message.empty()) (*entry)["message"] = message;
}

// phase and conditions from the containers, as the kubelet sums them up.
void summarize(json& status) {
  std::string unready;
  bool any_started = false, all_created = true;
  for (const auto& container : status["containerStatuses"]) {
    if (!container.value("ready", false)) unready += (unready.empty() ? "" : " ") + container.value("name", "");
    any_started = any_started || container["state"].contains("running") || container.value("restartCount", 0) > 0;
    all_created = all_created && waiting_reason(container) != "ContainerCreating";
  }
  status["phase"] = any_started ? "Running" : "Pending";
  auto& conditions = status["conditions"];
  set_pod_condition(conditions, "PodReadyToStartContainers", all_created);
  set_pod_condition(conditions, "Initialized", true);
  const std::string message = "containers with unready status: [" + unready + "]";
  set_pod_condition(conditions, "Ready", unready.empty(), unready.empty() ? "" : "ContainersNotReady", unready.empty() ? "" : message);
  set_pod_condition(conditions, "ContainersReady", unready.empty(), unready.empty() ? "" : "ContainersNotReady",
                    unready.empty() ? "" : message);
  set_pod_condition(conditions, "PodScheduled", true);
}

}  // namespace

ImageHealth ImageRules::of(const std::string& image) const {
  if (!unpullable.empty() && image.find(unpullable) != std::string::npos) return ImageHealth::unpullable;
  if (!bad.empty() && image.find(bad) != std::string::npos) return ImageHealth::crashing;
  if (!slow.empty() && image.find(slow) != std::string::npos) return ImageHealth::slow;
  return ImageHealth::healthy;
}

ImageHealth ImageRules::of_containers(const json& containers) const {
  ImageHealth worst = ImageHealth::healthy;
  if (!containers.is_array()) return worst;
  for (const auto& container : containers) {
    const ImageHealth health = of(container.value("image", ""));
    if (health == ImageHealth::unpullable) return health;
    if (health == ImageHealth::crashing || (health == ImageHealth::slow && worst == ImageHealth::healthy)) worst = health;
  }
  return worst;
}

const Resource& pod_resource() { return *find_resource("", "v1", "pods"); }

std::string rfc3339_now() {
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

json new_pod(const json& pod_template, const std::string& ns, const PodOrigin& origin) {
  json metadata = {{"name", origin.name},
                   {"generateName", origin.generate_name},
                   {"namespace", ns},
                   {"uid", uid()},
                   {"creationTimestamp", rfc3339_now()},
                   {"labels", origin.labels},
                   {"ownerReferences", json::array({origin.owner})}};
  if (pod_template.contains("metadata") && pod_template["metadata"].contains("annotations"))
    metadata["annotations"] = pod_template["metadata"]["annotations"];
  json spec = pod_template.value("spec", json::object());
  spec["nodeName"] = "synops-test-node";
  if (!spec.contains("restartPolicy")) spec["restartPolicy"] = "Always";
  if (!origin.hostname.empty()) spec["hostname"] = origin.hostname;
  if (!origin.subdomain.empty()) spec["subdomain"] = origin.subdomain;
  json containers = json::array();
  for (const auto& container : spec.value("containers", json::array()))
    containers.push_back({{"name", container.value("name", "")}, {"image", container.value("image", "")}, {"imageID", ""},
                          {"ready", false}, {"restartCount", 0}, {"started", false}, {"state", waiting("ContainerCreating")},
                          {"lastState", json::object()}});
  const std::string ip = pod_ip(metadata["uid"]);
  json status = {{"phase", "Pending"}, {"conditions", json::array()}, {"containerStatuses", containers},
                 {"hostIP", "10.20.0.12"}, {"hostIPs", {{{"ip", "10.20.0.12"}}}}, {"podIP", ip}, {"podIPs", {{{"ip", ip}}}},
                 {"startTime", rfc3339_now()}, {"qosClass", "BestEffort"}};
  summarize(status);
  return {{"apiVersion", "v1"}, {"kind", "Pod"}, {"metadata", metadata}, {"spec", spec}, {"status", status}};
}

void kubelet_step(json& pod, const ImageRules& rules) {
  if (!pod.contains("status") || !pod["status"].contains("containerStatuses")) return;  // nothing we run
  const json containers = pod["spec"].value("containers", json::array());
  const bool config_breaks = rules.crashes_on_config && rules.crashes_on_config(pod);
  for (auto& status : pod["status"]["containerStatuses"]) {
    std::string image;
    for (const auto& container : containers)
      if (container.value("name", "") == status.value("name", "")) image = container.value("image", "");
    const ImageHealth health = rules.of(image);
    step_container(status, image, health == ImageHealth::healthy && config_breaks ? ImageHealth::crashing : health, pod["metadata"]);
  }
  summarize(pod["status"]);
}

bool pod_ready(const json& pod) {
  if (!pod.contains("status") || !pod["status"].contains("conditions")) return false;
  for (const auto& condition : pod["status"]["conditions"])
    if (condition.value("type", "") == "Ready") return condition.value("status", "") == "True";
  return false;
}

std::vector<json> owned_pods(const Store& store, const std::string& ns, const std::string& kind, const std::string& name, bool prefix) {
  std::vector<json> pods;
  for (const Stored* stored : store.list(pod_resource(), ns)) {
    // Read in place: every controller asks this of every pod in the namespace on every tick.
    const auto metadata = stored->body.find("metadata");
    if (metadata == stored->body.end()) continue;
    const auto owners = metadata->find("ownerReferences");
    if (owners == metadata->end() || !owners->is_array()) continue;
    for (const auto& owner : *owners) {
      const std::string owner_name = owner.value("name", "");
      const bool named = prefix ? owner_name.starts_with(name) : owner_name == name;
      if (owner.value("controller", false) && owner.value("kind", "") == kind && named) pods.push_back(stored->body);
    }
  }
  return pods;
}

void save_pod(Store& store, const json& pod) {
  const json& metadata = pod["metadata"];
  const Stored* stored = store.find(pod_resource(), metadata.value("namespace", ""), metadata.value("name", ""));
  if (stored != nullptr && stored->body == pod) return;
  store.write(pod_resource(), pod);
}

void delete_pod(Store& store, const json& pod) {
  store.erase(pod_resource(), pod["metadata"].value("namespace", ""), pod["metadata"].value("name", ""));
}

}  // namespace kube_test
