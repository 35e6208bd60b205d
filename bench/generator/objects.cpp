#include "objects.h"

#include <cstdio>
#include <ctime>
#include <fstream>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "helm_secret.h"
#include "engine/base64.h"

namespace synops::bench {

namespace {

using nlohmann::json;

constexpr std::int64_t kEpoch = 1710237600;  // 2024-03-12T10:00:00Z: when the cluster was set up

std::string timestamp(std::int64_t seconds_after_epoch) {
  const std::time_t at = static_cast<std::time_t>(kEpoch + seconds_after_epoch);
  std::tm tm{};
  gmtime_r(&at, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// Streams items into a v1 List formatted as kubectl prints it.
class ListWriter {
 public:
  explicit ListWriter(const std::filesystem::path& path) : out_(path, std::ios::binary) {
    if (!out_) throw std::runtime_error("cannot write " + path.string());
    out_ << "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n";
  }
  void add(const json& item) {
    std::string text = item.dump(4);
    std::string indented = "        ";
    indented.reserve(text.size() + text.size() / 8);
    for (char c : text) {
      indented += c;
      if (c == '\n') indented += "        ";  // JSON strings never hold a raw newline
    }
    if (count_ > 0) out_ << ",\n";
    out_ << indented;
    ++count_;
  }
  std::int64_t finish() {
    out_ << "\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n";
    out_.close();
    return count_;
  }

 private:
  std::ofstream out_;
  std::int64_t count_ = 0;
};

// The field set a manager owns, as the API server records it in managedFields (FieldsV1).
json fields_v1(const json& value) {
  json out = json::object();
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) out["f:" + key] = fields_v1(member);
    return out;
  }
  if (value.is_array()) {
    for (const auto& element : value)
      if (element.is_object() && element.contains("name") && element["name"].is_string()) {
        json entry = fields_v1(element);
        entry["."] = json::object();
        out["k:{\"name\":\"" + element["name"].get<std::string>() + "\"}"] = entry;
      }
  }
  return out;
}

class ObjectFactory {
 public:
  ObjectFactory(const Model& model, Random& random) : model_(model), random_(random) {}

  json metadata(const std::string& name, const std::string& ns, json labels, std::int64_t created) {
    json meta = {{"creationTimestamp", timestamp(created)}, {"name", name}, {"resourceVersion", next_version()},
                 {"uid", uid()}};
    if (!ns.empty()) meta["namespace"] = ns;
    if (!labels.empty()) meta["labels"] = std::move(labels);
    return meta;
  }

  // managedFields as kubectl apply and a controller leave them, and the last-applied
  // annotation kubectl apply writes (a compact copy of what was applied).
  void applied_by_kubectl(json& object, const char* status_manager) {
    json applied = {{"apiVersion", object["apiVersion"]}, {"kind", object["kind"]},
                    {"metadata", {{"annotations", json::object()}, {"name", object["metadata"]["name"]}}}};
    if (object["metadata"].contains("namespace")) applied["metadata"]["namespace"] = object["metadata"]["namespace"];
    if (object["metadata"].contains("labels")) applied["metadata"]["labels"] = object["metadata"]["labels"];
    for (const char* part : {"spec", "data"})
      if (object.contains(part)) applied[part] = object[part];
    json apply_fields = fields_v1(json{{"metadata", {{"annotations", {{"kubectl.kubernetes.io/last-applied-configuration", ""}}},
                                                     {"labels", applied["metadata"].value("labels", json::object())}}},
                                       {"spec", applied.value("spec", json::object())},
                                       {"data", applied.value("data", json::object())}});
    object["metadata"]["annotations"]["kubectl.kubernetes.io/last-applied-configuration"] = applied.dump() + "\n";
    json managed = json::array();
    managed.push_back({{"apiVersion", object["apiVersion"]}, {"fieldsType", "FieldsV1"}, {"fieldsV1", apply_fields},
                       {"manager", "kubectl-client-side-apply"}, {"operation", "Update"},
                       {"time", object["metadata"]["creationTimestamp"]}});
    if (status_manager && object.contains("status"))
      managed.push_back({{"apiVersion", object["apiVersion"]}, {"fieldsType", "FieldsV1"},
                         {"fieldsV1", fields_v1(json{{"status", object["status"]}})}, {"manager", status_manager},
                         {"operation", "Update"}, {"subresource", "status"}, {"time", timestamp(random_.between(2e7, 2.2e7))}});
    object["metadata"]["managedFields"] = std::move(managed);
  }

  void managed_by(json& object, const char* manager, std::initializer_list<const char*> parts) {
    json owned = json::object();
    for (const char* part : parts)
      if (object.contains(part)) owned[part] = object[part];
    if (object["metadata"].contains("labels")) owned["metadata"]["labels"] = object["metadata"]["labels"];
    object["metadata"]["managedFields"].push_back({{"apiVersion", object["apiVersion"]}, {"fieldsType", "FieldsV1"},
                                                   {"fieldsV1", fields_v1(owned)}, {"manager", manager},
                                                   {"operation", "Update"}, {"time", object["metadata"]["creationTimestamp"]}});
  }

  std::string next_version() { return std::to_string(resource_version_ += random_.between(1, 97)); }
  std::string uid() {
    return random_.hex(8) + "-" + random_.hex(4) + "-4" + random_.hex(3) + "-" + random_.hex(4) + "-" + random_.hex(12);
  }
  Random& random() { return random_; }

 private:
  const Model& model_;
  Random& random_;
  std::int64_t resource_version_ = 41000000;
};

// ---------------------------------------------------------------------------------------------
// Pod templates and pods

struct ContainerSpec {
  std::string name;
  std::string image;
  json args = json::array();
  json ports = json::array();
  json mounts = json::array();
  json env = json::array();
  json resources;
};

json probe(const char* port, int initial_delay) {
  json p = {{"failureThreshold", 3}, {"httpGet", {{"path", "/health"}, {"port", port}, {"scheme", "HTTP"}}},
            {"periodSeconds", 10}, {"successThreshold", 1}, {"timeoutSeconds", 5}};
  if (initial_delay > 0) p["initialDelaySeconds"] = initial_delay, p["periodSeconds"] = 30;
  return p;
}

json container(const ContainerSpec& spec) {
  json c = {{"image", spec.image},
            {"imagePullPolicy", "IfNotPresent"},
            {"name", spec.name},
            {"resources", spec.resources.is_null() ? json{{"limits", {{"memory", "1Gi"}}}, {"requests", {{"cpu", "250m"}, {"memory", "512Mi"}}}}
                                                   : spec.resources},
            {"securityContext", {{"allowPrivilegeEscalation", false}, {"capabilities", {{"drop", {"ALL"}}}}, {"readOnlyRootFilesystem", false}}},
            {"terminationMessagePath", "/dev/termination-log"},
            {"terminationMessagePolicy", "File"}};
  if (!spec.args.empty()) c["args"] = spec.args;
  if (!spec.ports.empty()) c["ports"] = spec.ports;
  if (!spec.mounts.empty()) c["volumeMounts"] = spec.mounts;
  if (!spec.env.empty()) c["env"] = spec.env;
  if (!spec.ports.empty()) c["livenessProbe"] = probe(spec.ports[0]["name"].get<std::string>().c_str(), 30),
                           c["readinessProbe"] = probe(spec.ports[0]["name"].get<std::string>().c_str(), 0);
  return c;
}

json port(const char* name, int number) { return {{"containerPort", number}, {"name", name}, {"protocol", "TCP"}}; }
json mount(const char* path, const std::string& name, bool read_only = true) {
  json m = {{"mountPath", path}, {"name", name}};
  if (read_only) m["readOnly"] = true;
  return m;
}

json anti_affinity(const json& match_labels) {
  return {{"podAntiAffinity",
           {{"preferredDuringSchedulingIgnoredDuringExecution",
             {{{"podAffinityTerm", {{"labelSelector", {{"matchLabels", match_labels}}}, {"topologyKey", "kubernetes.io/hostname"}}},
               {"weight", 100}}}}}}};
}

struct TemplateSpec {
  json labels;  // selector labels
  std::vector<ContainerSpec> containers;
  std::vector<ContainerSpec> init_containers;
  json volumes = json::array();
  std::string checksum;
  std::int64_t run_as = 991;
};

json pod_template(const TemplateSpec& t) {
  json containers = json::array(), init = json::array();
  for (const auto& c : t.containers) containers.push_back(container(c));
  for (const auto& c : t.init_containers) init.push_back(container(c));
  json spec = {{"affinity", anti_affinity(t.labels)},
               {"containers", containers},
               {"dnsPolicy", "ClusterFirst"},
               {"restartPolicy", "Always"},
               {"schedulerName", "default-scheduler"},
               {"securityContext", {{"fsGroup", t.run_as}, {"runAsGroup", t.run_as}, {"runAsNonRoot", true}, {"runAsUser", t.run_as}}},
               {"terminationGracePeriodSeconds", 30},
               {"volumes", t.volumes}};
  if (!init.empty()) spec["initContainers"] = init;
  return {{"metadata", {{"annotations", {{"checksum/config", t.checksum}}}, {"creationTimestamp", nullptr}, {"labels", t.labels}}},
          {"spec", spec}};
}

std::string worker_template_key(PoolClass cls) {
  switch (cls) {
    case PoolClass::synchrotron: return "worker-synchrotron.yaml";
    case PoolClass::generic: return "worker-generic.yaml";
    case PoolClass::event_persister: return "worker-event-persister.yaml";
    case PoolClass::stream_writer: return "worker-stream-writer.yaml";
    case PoolClass::federation_sender: return "worker-federation-sender.yaml";
    case PoolClass::media: return "worker-media-repository.yaml";
  }
  return "worker-generic.yaml";
}

const char* component_of(PoolClass cls) {
  static constexpr const char* kNames[] = {"synchrotron", "generic", "event-persister", "stream-writer",
                                           "federation-sender", "media-repository"};
  return kNames[static_cast<int>(cls)];
}

json synapse_volumes(const std::string& config_map, const std::string& log_config) {
  json volumes = {{{"configMap", {{"defaultMode", 420}, {"name", config_map}}}, {"name", "config"}},
                  {{"name", "synapse-secrets"}, {"secret", {{"defaultMode", 256}, {"secretName", "synapse-secrets"}}}},
                  {{"name", "postgres-passfile"},
                   {"secret", {{"defaultMode", 384}, {"items", {{{"key", "pgpass"}, {"path", "pgpass"}}}}, {"secretName", "synapse-postgres-app"}}}},
                  {{"name", "redis-password"},
                   {"secret", {{"defaultMode", 256}, {"items", {{{"key", "redis-password"}, {"path", "redis-password"}}}}, {"secretName", "redis-synapse"}}}},
                  {{"emptyDir", json::object()}, {"name", "worker-config"}}};
  if (!log_config.empty()) volumes.push_back({{"configMap", {{"defaultMode", 420}, {"name", log_config}}}, {"name", "log-config"}});
  return volumes;
}

TemplateSpec synapse_template(const std::string& component, const std::string& image, const std::string& app_module,
                              const std::string& worker_key, const std::string& config_map, const std::string& log_config,
                              Random& random) {
  TemplateSpec t;
  t.labels = {{"app.kubernetes.io/component", component}, {"app.kubernetes.io/name", "synapse"}};
  ContainerSpec synapse{"synapse", image};
  synapse.args = {"run", "-m", app_module, "--config-path=/config/homeserver.yaml"};
  if (!worker_key.empty()) synapse.args.push_back("--config-path=/worker/worker.yaml");
  synapse.ports = {port("http", 8008), port("replication", 9093), port("metrics", 9000)};
  synapse.mounts = {mount("/config", "config"), mount("/secrets/synapse", "synapse-secrets"),
                    mount("/secrets/postgres", "postgres-passfile"), mount("/secrets/redis", "redis-password"),
                    mount("/worker", "worker-config")};
  synapse.env = {{{"name", "SYNAPSE_REPORT_STATS"}, {"value", "no"}},
                 {{"name", "POD_NAME"}, {"valueFrom", {{"fieldRef", {{"apiVersion", "v1"}, {"fieldPath", "metadata.name"}}}}}}};
  synapse.resources = {{"limits", {{"memory", "4Gi"}}}, {"requests", {{"cpu", "1"}, {"memory", "2Gi"}}}};
  t.containers.push_back(synapse);
  if (!worker_key.empty()) {
    ContainerSpec render{"render-worker-config", "busybox:1.36.1"};
    render.args = {"sed \"s/__POD_NAME__/${POD_NAME}/\" /config/" + worker_key + " > /worker/worker.yaml"};
    render.env = {{{"name", "POD_NAME"}, {"valueFrom", {{"fieldRef", {{"apiVersion", "v1"}, {"fieldPath", "metadata.name"}}}}}}};
    render.mounts = {mount("/config", "config"), mount("/worker", "worker-config", false)};
    render.resources = {{"limits", {{"memory", "32Mi"}}}, {"requests", {{"cpu", "10m"}, {"memory", "16Mi"}}}};
    t.init_containers.push_back(render);
  }
  t.volumes = synapse_volumes(config_map, log_config);
  t.checksum = random.hex(64);
  return t;
}

struct WorkloadSpec {
  std::string kind;  // Deployment or StatefulSet
  std::string name;
  std::string ns;
  std::int64_t replicas = 1;
  TemplateSpec pod;
  std::string revision_hash;  // pod-template-hash or controller-revision-hash suffix
  json extra_labels = json::object();
};

json workload_object(ObjectFactory& f, const WorkloadSpec& w) {
  json labels = w.pod.labels;
  labels["app.kubernetes.io/managed-by"] = "kubectl";
  labels["app.kubernetes.io/part-of"] = "matrix";
  labels.update(w.extra_labels);
  const std::int64_t generation = f.random().between(2, 20);
  json object = {{"apiVersion", "apps/v1"}, {"kind", w.kind},
                 {"metadata", f.metadata(w.name, w.ns, labels, f.random().between(0, 200000))}};
  object["metadata"]["generation"] = generation;
  json spec = {{"replicas", w.replicas}, {"revisionHistoryLimit", 10}, {"selector", {{"matchLabels", w.pod.labels}}},
               {"template", pod_template(w.pod)}};
  const std::int64_t n = w.replicas;
  if (w.kind == "StatefulSet") {
    spec["serviceName"] = w.name;
    spec["podManagementPolicy"] = "OrderedReady";
    spec["persistentVolumeClaimRetentionPolicy"] = {{"whenDeleted", "Retain"}, {"whenScaled", "Retain"}};
    spec["updateStrategy"] = {{"rollingUpdate", {{"partition", 0}}}, {"type", "RollingUpdate"}};
    const std::string revision = w.name + "-" + w.revision_hash;
    object["status"] = {{"availableReplicas", n}, {"collisionCount", 0}, {"currentReplicas", n}, {"currentRevision", revision},
                        {"observedGeneration", generation}, {"readyReplicas", n}, {"replicas", n},
                        {"updateRevision", revision}, {"updatedReplicas", n}};
  } else {
    spec["progressDeadlineSeconds"] = 600;
    spec["strategy"] = {{"rollingUpdate", {{"maxSurge", "25%"}, {"maxUnavailable", "25%"}}}, {"type", "RollingUpdate"}};
    object["metadata"]["annotations"]["deployment.kubernetes.io/revision"] = std::to_string(f.random().between(1, 30));
    const std::string at = timestamp(f.random().between(2e7, 2.2e7));
    object["status"] = {{"availableReplicas", n},
                        {"conditions",
                         {{{"lastTransitionTime", at}, {"lastUpdateTime", at}, {"message", "Deployment has minimum availability."},
                           {"reason", "MinimumReplicasAvailable"}, {"status", "True"}, {"type", "Available"}},
                          {{"lastTransitionTime", at}, {"lastUpdateTime", at},
                           {"message", "ReplicaSet \"" + w.name + "-" + w.revision_hash + "\" has successfully progressed."},
                           {"reason", "NewReplicaSetAvailable"}, {"status", "True"}, {"type", "Progressing"}}}},
                        {"observedGeneration", generation}, {"readyReplicas", n}, {"replicas", n}, {"updatedReplicas", n}};
  }
  object["spec"] = std::move(spec);
  f.applied_by_kubectl(object, "kube-controller-manager");
  return object;
}

json pod_object(ObjectFactory& f, const WorkloadSpec& w, const json& owner, const std::string& name, std::int64_t ordinal) {
  Random& random = f.random();
  json labels = w.pod.labels;
  json object = {{"apiVersion", "v1"}, {"kind", "Pod"}};
  const bool stateful = w.kind == "StatefulSet";
  if (stateful) {
    labels["apps.kubernetes.io/pod-index"] = std::to_string(ordinal);
    labels["controller-revision-hash"] = w.name + "-" + w.revision_hash;
    labels["statefulset.kubernetes.io/pod-name"] = name;
  } else {
    labels["pod-template-hash"] = w.revision_hash;
  }
  const std::int64_t created = random.between(2e7, 2.3e7);
  object["metadata"] = f.metadata(name, w.ns, labels, created);
  object["metadata"]["annotations"] = {{"checksum/config", w.pod.checksum}};
  object["metadata"]["generateName"] = stateful ? w.name + "-" : w.name + "-" + w.revision_hash + "-";
  object["metadata"]["ownerReferences"] = {{{"apiVersion", "apps/v1"}, {"blockOwnerDeletion", true}, {"controller", true},
                                            {"kind", stateful ? "StatefulSet" : "ReplicaSet"},
                                            {"name", stateful ? w.name : w.name + "-" + w.revision_hash},
                                            {"uid", owner["metadata"]["uid"]}}};
  json spec = pod_template(w.pod)["spec"];
  const std::string token_volume = "kube-api-access-" + random.alnum(5);
  for (auto& c : spec["containers"]) c["volumeMounts"].push_back(mount("/var/run/secrets/kubernetes.io/serviceaccount", token_volume));
  spec["volumes"].push_back(
      {{"name", token_volume},
       {"projected",
        {{"defaultMode", 420},
         {"sources", {{{"serviceAccountToken", {{"expirationSeconds", 3607}, {"path", "token"}}}},
                      {{"configMap", {{"items", {{{"key", "ca.crt"}, {"path", "ca.crt"}}}}, {"name", "kube-root-ca.crt"}}}},
                      {{"downwardAPI", {{"items", {{{"fieldRef", {{"apiVersion", "v1"}, {"fieldPath", "metadata.namespace"}}}, {"path", "namespace"}}}}}}}}}}}});
  spec["enableServiceLinks"] = true;
  spec["nodeName"] = "k8s-worker-" + std::to_string(random.between(1, 40));
  spec["preemptionPolicy"] = "PreemptLowerPriority";
  spec["priority"] = 0;
  spec["serviceAccount"] = "default";
  spec["serviceAccountName"] = "default";
  spec["tolerations"] = {{{"effect", "NoExecute"}, {"key", "node.kubernetes.io/not-ready"}, {"operator", "Exists"}, {"tolerationSeconds", 300}},
                         {{"effect", "NoExecute"}, {"key", "node.kubernetes.io/unreachable"}, {"operator", "Exists"}, {"tolerationSeconds", 300}}};
  if (stateful) spec["hostname"] = name, spec["subdomain"] = w.name;
  object["spec"] = spec;

  const std::string started = timestamp(created + random.between(3, 40));
  json conditions = json::array();
  for (const char* type : {"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"})
    conditions.push_back({{"lastProbeTime", nullptr}, {"lastTransitionTime", started}, {"status", "True"}, {"type", type}});
  auto status_of = [&](const json& c, bool init) {
    json s = {{"containerID", "containerd://" + random.hex(64)}, {"image", "docker.io/" + c["image"].get<std::string>()},
              {"imageID", "docker.io/" + c["image"].get<std::string>().substr(0, c["image"].get<std::string>().find(':')) + "@sha256:" + random.hex(64)},
              {"lastState", json::object()}, {"name", c["name"]}, {"ready", !init}, {"restartCount", random.between(0, 2)},
              {"started", !init}};
    if (init) s["state"] = {{"terminated", {{"containerID", s["containerID"]}, {"exitCode", 0}, {"finishedAt", started},
                                            {"reason", "Completed"}, {"startedAt", started}}}};
    else s["state"] = {{"running", {{"startedAt", started}}}};
    return s;
  };
  json statuses = json::array(), init_statuses = json::array();
  for (const auto& c : spec["containers"]) statuses.push_back(status_of(c, false));
  for (const auto& c : spec.value("initContainers", json::array())) init_statuses.push_back(status_of(c, true));
  const std::string host_ip = "10.0." + std::to_string(random.between(0, 3)) + "." + std::to_string(random.between(2, 250));
  const std::string pod_ip = "10.244." + std::to_string(random.between(0, 250)) + "." + std::to_string(random.between(2, 250));
  object["status"] = {{"conditions", conditions}, {"containerStatuses", statuses}, {"hostIP", host_ip},
                      {"hostIPs", {{{"ip", host_ip}}}}, {"phase", "Running"}, {"podIP", pod_ip},
                      {"podIPs", {{{"ip", pod_ip}}}}, {"qosClass", "Burstable"}, {"startTime", timestamp(created)}};
  if (!init_statuses.empty()) object["status"]["initContainerStatuses"] = init_statuses;
  object["metadata"]["managedFields"] = json::array();
  f.managed_by(object, "kube-controller-manager", {"spec"});
  // The kubelet owns the status; container statuses are an atomic list, conditions keyed by type.
  json kubelet_status = object["status"];
  for (const char* atomic : {"containerStatuses", "initContainerStatuses", "conditions"})
    if (kubelet_status.contains(atomic)) kubelet_status[atomic] = json::object();
  json kubelet_fields = fields_v1(json{{"status", kubelet_status}});
  for (const auto& condition : object["status"]["conditions"])
    kubelet_fields["f:status"]["f:conditions"]["k:{\"type\":\"" + condition["type"].get<std::string>() + "\"}"] =
        {{".", json::object()}, {"f:lastProbeTime", json::object()}, {"f:lastTransitionTime", json::object()},
         {"f:status", json::object()}, {"f:type", json::object()}};
  object["metadata"]["managedFields"].push_back({{"apiVersion", "v1"}, {"fieldsType", "FieldsV1"}, {"fieldsV1", kubelet_fields},
                                                 {"manager", "kubelet"}, {"operation", "Update"}, {"subresource", "status"},
                                                 {"time", started}});
  return object;
}

// A workload and its pods: StatefulSet pods are NAME-ORDINAL, Deployment pods NAME-HASH-XXXXX.
void write_workload(ObjectFactory& f, ListWriter& out, const WorkloadSpec& w) {
  const json owner = workload_object(f, w);
  out.add(owner);
  std::set<std::string> names;
  for (std::int64_t i = 0; i < w.replicas; ++i) {
    std::string name = w.kind == "StatefulSet" ? w.name + "-" + std::to_string(i) : "";
    while (name.empty() || !names.insert(name).second) name = w.name + "-" + w.revision_hash + "-" + f.random().alnum(5);
    out.add(pod_object(f, w, owner, name, i));
  }
}

// ---------------------------------------------------------------------------------------------
// ConfigMaps and Secrets

constexpr const char* kLogConfig = R"(version: 1

formatters:
  precise:
    format: '%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - %(request)s - %(message)s'

handlers:
  console:
    class: logging.StreamHandler
    formatter: precise

loggers:
  synapse.storage.SQL:
    # INFO logs every SQL statement at DEBUG; keep it quiet.
    level: INFO
  twisted:
    level: WARNING

root:
  level: INFO
  handlers: [console]

disable_existing_loggers: false
)";

std::string worker_yaml(const char* app, const char* resources, bool replication) {
  std::string text = std::string("# Per-worker config; __POD_NAME__ is replaced by the pod name at start.\nworker_app: ") + app +
                     "\nworker_name: __POD_NAME__\nworker_log_config: /config/log.config\nworker_listeners:\n";
  if (replication)
    text += "  - type: http\n    port: 9093\n    bind_addresses: ['::']\n    resources:\n      - names: [replication]\n";
  text += std::string("  - type: http\n    port: 8008\n    x_forwarded: true\n    bind_addresses: ['::']\n    resources:\n      - names: [") +
          resources + "]\n  - type: metrics\n    port: 9000\n    bind_addresses: ['::']\n";
  return text;
}

json config_map(ObjectFactory& f, const std::string& name, const std::string& ns, json labels, json data) {
  json object = {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", f.metadata(name, ns, std::move(labels), f.random().between(0, 2e5))},
                 {"data", std::move(data)}};
  f.applied_by_kubectl(object, nullptr);
  return object;
}

json secret(ObjectFactory& f, const std::string& name, const std::string& ns, json labels, const std::string& type, json data) {
  json object = {{"apiVersion", "v1"}, {"kind", "Secret"}, {"metadata", f.metadata(name, ns, std::move(labels), f.random().between(0, 2e5))},
                 {"type", type}, {"data", std::move(data)}};
  object["metadata"]["managedFields"] = json::array();
  f.managed_by(object, "kubectl-create", {"data", "type"});
  return object;
}

std::string random_base64(Random& random, size_t bytes) {
  std::string raw;
  for (size_t i = 0; i < bytes; ++i) raw += static_cast<char>(random.next() & 0xff);
  return base64_encode(raw);
}

// ---------------------------------------------------------------------------------------------
// The deployment

class DeploymentWriter {
 public:
  DeploymentWriter(const Model& model, ListWriter& out) : model_(model), random_(model.seed * 7919 + 17), f_(model, random_), out_(out) {}

  void write() {
    write_synapse();
    write_element();
    write_postgres();
    write_minio();
    write_redis();
    write_certificates();
    write_other_secrets();
  }

 private:
  void write_synapse() {
    const std::string& ns = model_.ns;
    json cm_labels = {{"app.kubernetes.io/component", "config"}, {"app.kubernetes.io/name", "synapse"}, {"app.kubernetes.io/part-of", "matrix"}};
    json data = {{"homeserver.yaml", live_homeserver_yaml(model_)},
                 {"log.config", kLogConfig},
                 {"worker-synchrotron.yaml", worker_yaml("synapse.app.generic_worker", "client", false)},
                 {"worker-generic.yaml", worker_yaml("synapse.app.generic_worker", "client, federation", false)},
                 {"worker-event-persister.yaml", worker_yaml("synapse.app.generic_worker", "health", true)},
                 {"worker-stream-writer.yaml", worker_yaml("synapse.app.generic_worker", "client", true)},
                 {"worker-federation-sender.yaml", worker_yaml("synapse.app.generic_worker", "health", false)},
                 {"worker-media-repository.yaml", worker_yaml("synapse.app.media_repository", "media", false)}};
    out_.add(config_map(f_, "synapse-config", ns, cm_labels, data));
    cm_labels["app.kubernetes.io/component"] = "li-config";
    out_.add(config_map(f_, "synapse-li-config", ns, cm_labels,
                        {{"homeserver.yaml", "server_name: \"example.org\"\npublic_baseurl: \"https://li.matrix.example.org/\"\n"
                                             "database:\n  name: psycopg2\n  args:\n    user: synapse_li\n    cp_min: 2\n    cp_max: 5\n"},
                         {"log.config", kLogConfig}}));
    out_.add(config_map(f_, "kube-root-ca.crt", ns, json::object(), {{"ca.crt", "-----BEGIN CERTIFICATE-----\n" + random_base64(random_, 800) + "\n-----END CERTIFICATE-----\n"}}));

    WorkloadSpec main{"StatefulSet", "synapse-main", ns, 1,
                      synapse_template("main", model_.image(model_.main_old), "synapse.app.homeserver", "", "synapse-config", "", random_),
                      random_.alnum(10)};
    write_workload(f_, out_, main);
    WorkloadSpec li{"StatefulSet", "synapse-li", ns, 1,
                    synapse_template("li", model_.image(model_.li_old), "synapse.app.homeserver", "", "synapse-li-config", "", random_),
                    random_.alnum(10)};
    write_workload(f_, out_, li);

    for (const auto& pool : model_.pools) {
      const std::string log_config = pool.workload + "-log-config";
      out_.add(config_map(f_, log_config, ns,
                          {{"app.kubernetes.io/component", component_of(pool.cls)}, {"app.kubernetes.io/instance", pool.workload},
                           {"app.kubernetes.io/name", "synapse"}},
                          {{"log.config", kLogConfig}}));
      WorkloadSpec w{pool.statefulset ? "StatefulSet" : "Deployment", pool.workload, ns, pool.live_replicas,
                     synapse_template(pool.role, model_.image(pool.old_image),
                                      pool.cls == PoolClass::media ? "synapse.app.media_repository" : "synapse.app.generic_worker",
                                      worker_template_key(pool.cls), "synapse-config", log_config, random_),
                     pool.rs_hash, {{"synapse.matrix.org/pool-class", component_of(pool.cls)}}};
      write_workload(f_, out_, w);
      if (pool.hpa) out_.add(hpa(pool));
    }
  }

  json hpa(const Pool& pool) {
    json object = {{"apiVersion", "autoscaling/v2"}, {"kind", "HorizontalPodAutoscaler"},
                   {"metadata", f_.metadata(pool.workload, model_.ns, {{"app.kubernetes.io/name", "synapse"}}, random_.between(0, 2e5))},
                   {"spec", {{"maxReplicas", pool.hpa_max}, {"minReplicas", pool.hpa_min},
                             {"metrics", {{{"resource", {{"name", "cpu"}, {"target", {{"averageUtilization", 70}, {"type", "Utilization"}}}}}, {"type", "Resource"}}}},
                             {"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", pool.workload}}}}}};
    const std::string at = timestamp(random_.between(2e7, 2.2e7));
    object["status"] = {{"conditions", {{{"lastTransitionTime", at}, {"message", "recommended size matches current size"},
                                         {"reason", "ReadyForNewScale"}, {"status", "True"}, {"type", "AbleToScale"}},
                                        {{"lastTransitionTime", at}, {"message", "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)"},
                                         {"reason", "ValidMetricFound"}, {"status", "True"}, {"type", "ScalingActive"}}}},
                        {"currentMetrics", {{{"resource", {{"current", {{"averageUtilization", random_.between(20, 90)}, {"averageValue", "412m"}}}, {"name", "cpu"}}}, {"type", "Resource"}}}},
                        {"currentReplicas", pool.live_replicas}, {"desiredReplicas", pool.live_replicas}};
    f_.applied_by_kubectl(object, "kube-controller-manager");
    return object;
  }

  void write_element() {
    TemplateSpec t;
    t.labels = {{"app.kubernetes.io/component", "web"}, {"app.kubernetes.io/name", "element-web"}};
    ContainerSpec web{"element-web", model_.live_element_image};
    web.ports = {port("http", 8080)};
    web.mounts = {mount("/app/config.json", "config")};
    t.containers.push_back(web);
    t.volumes = {{{"configMap", {{"defaultMode", 420}, {"name", "element-config"}}}, {"name", "config"}}};
    t.checksum = random_.hex(64);
    t.run_as = 101;
    write_workload(f_, out_, WorkloadSpec{"Deployment", "element-web", model_.ns, model_.element_replicas, t, random_.alnum(10)});
  }

  void write_postgres() {
    json parameters = {{"archive_mode", "on"}, {"archive_timeout", "5min"}, {"checkpoint_completion_target", "0.9"},
                       {"effective_cache_size", "6GB"}, {"max_connections", std::to_string(model_.max_connections)},
                       {"max_wal_size", "4GB"}, {"min_wal_size", "1GB"}, {"shared_buffers", "4GB"}, {"wal_level", "logical"},
                       {"work_mem", model_.live_work_mem}};
    json object = {{"apiVersion", "postgresql.cnpg.io/v1"}, {"kind", "Cluster"},
                   {"metadata", f_.metadata("synapse-postgres", model_.ns, {{"app.kubernetes.io/part-of", "matrix"}}, 1000)}};
    object["metadata"]["generation"] = 6;
    object["spec"] = {{"affinity", {{"podAntiAffinityType", "preferred"}}},
                      {"bootstrap", {{"initdb", {{"database", "synapse"}, {"encoding", "UTF8"}, {"localeCType", "C"}, {"localeCollate", "C"}, {"owner", "synapse"}}}}},
                      {"enablePDB", true}, {"imageName", "ghcr.io/cloudnative-pg/postgresql:16.3"}, {"instances", model_.cnpg_instances},
                      {"postgresql", {{"parameters", parameters}}}, {"primaryUpdateMethod", "restart"}, {"primaryUpdateStrategy", "unsupervised"},
                      {"resources", {{"limits", {{"memory", "8Gi"}}}, {"requests", {{"cpu", "2"}, {"memory", "8Gi"}}}}},
                      {"storage", {{"resizeInUseVolumes", true}, {"size", "200Gi"}, {"storageClass", "fast-ssd"}}},
                      {"walStorage", {{"resizeInUseVolumes", true}, {"size", "50Gi"}, {"storageClass", "fast-ssd"}}}};
    json instances = json::array();
    for (std::int64_t i = 1; i <= model_.cnpg_instances; ++i) instances.push_back("synapse-postgres-" + std::to_string(i));
    object["status"] = {{"conditions", {{{"lastTransitionTime", timestamp(2e7)}, {"message", "Cluster is Ready"}, {"observedGeneration", 6},
                                         {"reason", "ClusterIsReady"}, {"status", "True"}, {"type", "Ready"}}}},
                        {"currentPrimary", "synapse-postgres-1"}, {"image", "ghcr.io/cloudnative-pg/postgresql:16.3"},
                        {"instanceNames", instances}, {"instances", model_.cnpg_instances}, {"instancesStatus", {{"healthy", instances}}},
                        {"observedGeneration", 6}, {"phase", "Cluster in healthy state"}, {"readyInstances", model_.cnpg_instances},
                        {"targetPrimary", "synapse-postgres-1"}};
    f_.applied_by_kubectl(object, "manager");
    out_.add(object);
    TemplateSpec t;
    t.labels = {{"cnpg.io/cluster", "synapse-postgres"}, {"cnpg.io/podRole", "instance"}};
    ContainerSpec pg{"postgres", "ghcr.io/cloudnative-pg/postgresql:16.3"};
    pg.args = {"instance", "run", "--log-level=info"};
    pg.ports = {port("postgresql", 5432), port("metrics", 9187), port("status", 8000)};
    pg.mounts = {mount("/var/lib/postgresql/data", "pgdata", false), mount("/controller", "scratch-data", false)};
    pg.resources = object["spec"]["resources"];
    t.containers.push_back(pg);
    t.volumes = {{{"name", "pgdata"}, {"persistentVolumeClaim", {{"claimName", "synapse-postgres-1"}}}}, {{"emptyDir", json::object()}, {"name", "scratch-data"}}};
    t.checksum = random_.hex(64);
    t.run_as = 26;
    WorkloadSpec owner_spec{"StatefulSet", "synapse-postgres", model_.ns, model_.cnpg_instances, t, random_.alnum(10)};
    const json owner = {{"metadata", {{"uid", object["metadata"]["uid"]}}}};
    for (std::int64_t i = 1; i <= model_.cnpg_instances; ++i)
      out_.add(pod_object(f_, owner_spec, owner, "synapse-postgres-" + std::to_string(i), i));
    auto basic = [&](const char* name, const char* type, size_t bytes) {
      out_.add(secret(f_, name, model_.ns, {{"cnpg.io/cluster", "synapse-postgres"}}, type,
                      {{"password", random_base64(random_, bytes)}, {"pgpass", random_base64(random_, bytes * 2)},
                       {"username", base64_encode("synapse")}}));
    };
    basic("synapse-postgres-app", "kubernetes.io/basic-auth", 24);
    for (const char* name : {"synapse-postgres-ca", "synapse-postgres-server", "synapse-postgres-replication"})
      out_.add(secret(f_, name, model_.ns, {{"cnpg.io/cluster", "synapse-postgres"}}, "kubernetes.io/tls",
                      {{"tls.crt", random_base64(random_, 1100)}, {"tls.key", random_base64(random_, 240)}}));
  }

  void write_minio() {
    json pools = json::array();
    for (int i = 0; i < model_.minio_pools; ++i)
      pools.push_back({{"name", "pool-" + std::to_string(i)}, {"servers", model_.minio_servers},
                       {"volumeClaimTemplate", {{"metadata", {{"name", "data"}}},
                                                {"spec", {{"accessModes", {"ReadWriteOnce"}}, {"resources", {{"requests", {{"storage", model_.live_minio_size}}}}}}}}},
                       {"volumesPerServer", 4}});
    json object = {{"apiVersion", "minio.min.io/v2"}, {"kind", "Tenant"},
                   {"metadata", f_.metadata("synapse-storage", model_.minio_ns, {{"app", "minio"}}, 500)},
                   {"spec", {{"buckets", {{{"name", "synapse-media"}}}}, {"configuration", {{"name", "synapse-storage-env-configuration"}}},
                             {"image", "quay.io/minio/minio:RELEASE.2024-11-07T00-52-20Z"}, {"mountPath", "/export"},
                             {"podManagementPolicy", "Parallel"}, {"pools", pools}, {"requestAutoCert", false}}},
                   {"status", {{"availableReplicas", model_.minio_servers * model_.minio_pools}, {"currentState", "Initialized"},
                               {"drivesOnline", 16 * model_.minio_pools}, {"healthStatus", "green"}, {"revision", 0}}}};
    object["metadata"]["generation"] = 4;
    f_.applied_by_kubectl(object, "minio-operator");
    out_.add(object);
    TemplateSpec t;
    t.labels = {{"v1.min.io/tenant", "synapse-storage"}};
    ContainerSpec minio{"minio", "quay.io/minio/minio:RELEASE.2024-11-07T00-52-20Z"};
    minio.args = {"server", "--certs-dir", "/tmp/certs", "--console-address", ":9443"};
    minio.ports = {port("http-minio", 9000), port("https-console", 9443)};
    minio.mounts = {mount("/export0", "data0", false), mount("/export1", "data1", false)};
    t.containers.push_back(minio);
    t.volumes = {{{"name", "data0"}, {"persistentVolumeClaim", {{"claimName", "data0"}}}}};
    t.checksum = random_.hex(64);
    t.run_as = 1000;
    const json owner = {{"metadata", {{"uid", object["metadata"]["uid"]}}}};
    for (int p = 0; p < model_.minio_pools; ++p) {
      WorkloadSpec pool{"StatefulSet", "synapse-storage-pool-" + std::to_string(p), model_.minio_ns, model_.minio_servers, t, random_.alnum(10)};
      for (std::int64_t i = 0; i < model_.minio_servers; ++i) out_.add(pod_object(f_, pool, owner, pool.name + "-" + std::to_string(i), i));
    }
  }

  void write_redis() {
    for (const auto& release : model_.redis) {
      for (int revision = 1; revision <= release.revisions; ++revision) {
        const bool deployed = revision == release.revisions;
        // Older revisions had other replica counts; only the deployed one is read.
        const std::int64_t replicas = deployed ? release.live_replicas : 1 + (revision % 3);
        const std::string payload = helm_release_payload(release.name, model_.ns, revision, deployed, release.image_tag, replicas, random_);
        json object = secret(f_, "sh.helm.release.v1." + release.name + ".v" + std::to_string(revision), model_.ns,
                             {{"modifiedAt", std::to_string(1731574093 + revision * 3600)}, {"name", release.name}, {"owner", "helm"},
                              {"status", deployed ? "deployed" : "superseded"}, {"version", std::to_string(revision)}},
                             "helm.sh/release.v1", {{"release", base64_encode(payload)}});
        object["metadata"]["managedFields"][0]["manager"] = "helm";
        out_.add(object);
      }
      out_.add(secret(f_, release.name, model_.ns, {{"app.kubernetes.io/instance", release.name}, {"app.kubernetes.io/name", "redis"}},
                      "Opaque", {{"redis-password", random_base64(random_, 24)}}));
      TemplateSpec t;
      t.labels = {{"app.kubernetes.io/instance", release.name}, {"app.kubernetes.io/name", "redis"}};
      ContainerSpec redis{"redis", "docker.io/bitnami/redis:" + release.image_tag};
      redis.args = {"-c", "/opt/bitnami/scripts/start-scripts/start-master.sh"};
      redis.ports = {port("redis", 6379)};
      redis.mounts = {mount("/data", "redis-data", false), mount("/opt/bitnami/redis/etc", "redis-tmp-conf", false)};
      t.containers.push_back(redis);
      t.volumes = {{{"emptyDir", json::object()}, {"name", "redis-tmp-conf"}}};
      t.checksum = random_.hex(64);
      t.run_as = 1001;
      t.labels["app.kubernetes.io/component"] = "master";
      write_workload(f_, out_, WorkloadSpec{"StatefulSet", release.name + "-master", model_.ns, 1, t, random_.alnum(10)});
      t.labels["app.kubernetes.io/component"] = "replica";
      write_workload(f_, out_, WorkloadSpec{"StatefulSet", release.name + "-replicas", model_.ns, release.live_replicas, t, random_.alnum(10)});
    }
  }

  void write_certificates() {
    for (const auto& certificate : model_.certificates) {
      json object = {{"apiVersion", "cert-manager.io/v1"}, {"kind", "Certificate"},
                     {"metadata", f_.metadata(certificate.name, model_.ns, {{"app.kubernetes.io/part-of", "matrix"}}, random_.between(0, 2e5))},
                     {"spec", {{"dnsNames", certificate.live_dns}, {"duration", "2160h0m0s"},
                               {"issuerRef", {{"group", "cert-manager.io"}, {"kind", "ClusterIssuer"}, {"name", "letsencrypt-prod"}}},
                               {"privateKey", {{"algorithm", "ECDSA"}, {"rotationPolicy", "Always"}, {"size", 256}}},
                               {"renewBefore", "720h0m0s"}, {"secretName", certificate.name}, {"usages", {"digital signature", "key encipherment"}}}}};
      object["metadata"]["generation"] = 3;
      const std::string at = timestamp(random_.between(2e7, 2.2e7));
      object["status"] = {{"conditions", {{{"lastTransitionTime", at}, {"message", "Certificate is up to date and has not expired"},
                                           {"observedGeneration", 3}, {"reason", "Ready"}, {"status", "True"}, {"type", "Ready"}}}},
                          {"notAfter", timestamp(3e7)}, {"notBefore", at}, {"renewalTime", timestamp(2.8e7)}, {"revision", random_.between(1, 9)}};
      f_.applied_by_kubectl(object, "cert-manager-certificates-readiness");
      out_.add(object);
      json tls = secret(f_, certificate.name, model_.ns, {{"controller.cert-manager.io/fao", "true"}}, "kubernetes.io/tls",
                        {{"ca.crt", ""}, {"tls.crt", random_base64(random_, 1800)}, {"tls.key", random_base64(random_, 227)}});
      tls["metadata"]["annotations"] = {{"cert-manager.io/certificate-name", certificate.name},
                                        {"cert-manager.io/common-name", certificate.live_dns.front()},
                                        {"cert-manager.io/issuer-kind", "ClusterIssuer"}, {"cert-manager.io/issuer-name", "letsencrypt-prod"}};
      out_.add(tls);
    }
  }

  void write_other_secrets() {
    out_.add(secret(f_, "synapse-secrets", model_.ns, {{"app.kubernetes.io/name", "synapse"}}, "Opaque",
                    {{"registration_shared_secret", random_base64(random_, 48)}, {"signing.key", random_base64(random_, 60)}}));
  }

  const Model& model_;
  Random random_;
  ObjectFactory f_;
  ListWriter& out_;
};

}  // namespace

std::string live_homeserver_yaml(const Model& model) {
  const std::string& ns = model.ns;
  std::string text =
      "# homeserver.yaml shared by synapse-main and every worker. Each worker also reads\n"
      "# /worker/worker.yaml, rendered at pod start from its class's worker-*.yaml template.\n"
      "#\n# Keys owned by synops (change the manifests, not this file):\n"
      "#   rc_message, database.args.cp_max, instance_map, stream_writers,\n#   federation_sender_instances\n\n"
      "server_name: \"example.org\"\npublic_baseurl: \"https://matrix.example.org/\"\n"
      "pid_file: /data/homeserver.pid\nreport_stats: false\nlog_config: /config/log.config\n"
      "signing_key_path: /secrets/synapse/signing.key\nenable_registration: false\n\n"
      "listeners:\n  - port: 8008\n    type: http\n    tls: false\n    x_forwarded: true\n    bind_addresses: ['::']\n"
      "    resources:\n      - names: [client, federation]\n        compress: false\n"
      "  - port: 9093\n    type: http\n    tls: false\n    bind_addresses: ['::']\n    resources:\n      - names: [replication]\n\n"
      "database:\n  name: psycopg2\n  txn_limit: 10000\n  args:\n    user: synapse\n    dbname: synapse\n"
      "    host: synapse-postgres-rw." + ns + ".svc.cluster.local\n    port: 5432\n    passfile: /secrets/postgres/pgpass\n"
      "    sslmode: require\n    cp_min: 5\n    cp_max: " + std::to_string(model.cp_max) + "\n\n"
      "redis:\n  enabled: true\n  host: redis-synapse-master." + ns + ".svc.cluster.local\n  port: 6379\n"
      "  password_path: /secrets/redis/redis-password\n\n"
      "rc_message:\n  per_second: " + std::to_string(model.live_rc_per_second) + "\n  burst_count: 50\n\n"
      "# --- Workers (derived by synops from topology.yaml) ---\n"
      "instance_map:\n  main:\n    host: synapse-main." + ns + ".svc.cluster.local\n    port: 9093\n";
  auto pod = [](const Pool& pool, std::int64_t ordinal) { return pool.workload + "-" + std::to_string(ordinal); };
  for (const auto& pool : model.pools) {
    if (pool.streams.empty()) continue;
    for (std::int64_t i = 0; i < pool.live_replicas; ++i)
      text += "  " + pod(pool, i) + ":\n    host: " + pod(pool, i) + "." + pool.workload + "." + ns +
              ".svc.cluster.local\n    port: 9093\n";
  }
  // stream -> writers, in manifest order of the pools, as synops derives them.
  std::vector<std::pair<std::string, std::vector<std::string>>> writers;
  for (const auto& pool : model.pools)
    for (const auto& stream : pool.streams) {
      auto it = std::find_if(writers.begin(), writers.end(), [&](const auto& entry) { return entry.first == stream; });
      if (it == writers.end()) it = writers.insert(writers.end(), {stream, {}});
      for (std::int64_t i = 0; i < pool.live_replicas; ++i) it->second.push_back(pod(pool, i));
    }
  text += "\nstream_writers:\n";
  for (const auto& [stream, names] : writers) {
    text += "  " + stream + ":\n";
    for (const auto& name : names) text += "    - " + name + "\n";
  }
  text += "\nfederation_sender_instances:\n";
  for (const auto& pool : model.pools)
    if (pool.federation_sender)
      for (std::int64_t i = 0; i < pool.live_replicas; ++i) text += "  - " + pod(pool, i) + "\n";
  text += "# ---\n\nenable_media_repo: false\nmedia_store_path: /data/media_store\nmax_upload_size: 100M\n"
          "presence:\n  enabled: true\nuser_directory:\n  enabled: true\n  search_all_users: false\n";
  return text;
}

LiveWriteResult write_live_snapshot(const Model& model, const std::filesystem::path& path) {
  ListWriter out(path);
  DeploymentWriter(model, out).write();
  LiveWriteResult result;
  result.objects = out.finish();
  result.bytes = std::filesystem::file_size(path);
  return result;
}

}  // namespace synops::bench
