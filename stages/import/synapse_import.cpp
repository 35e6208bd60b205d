// Synapse: main, LI and worker pools, recognised by their labels, with the worker layout
// read back from the homeserver.yaml they mount.
#include <algorithm>
#include <map>

#include "import_sections.h"
#include "adapters/yaml/yaml_tree.h"
#include "domain/planning_kit/hpa.h"
#include "domain/synapse/synapse_topology.h"
#include "worker_layout.h"

namespace synops::importer {

namespace {

constexpr const char* kConfigKey = "homeserver.yaml";

struct SynapseWorkloads {
  const LiveObject* main = nullptr;
  const LiveObject* li = nullptr;
  std::vector<std::pair<std::string, const LiveObject*>> workers;  // role, workload
};

SynapseWorkloads find_workloads(const Context& context) {
  SynapseWorkloads found;
  std::map<std::string, const LiveObject*> roles;
  for (const LiveObject* workload : workloads_in(context.live, context.ns)) {
    if (label(*workload, "app.kubernetes.io/name") != "synapse") continue;
    std::string role = label(*workload, "app.kubernetes.io/component");
    if (role.empty()) {
      context.warnings.push_back(workload->ref.str() + " has no app.kubernetes.io/component label; left out");
      continue;
    }
    if (roles.contains(role)) {
      context.warnings.push_back(workload->ref.str() + " has the same component \"" + role + "\" as " +
                                 roles[role]->ref.str() + "; imported as worker pool \"" + workload->ref.name + "\"");
      role = workload->ref.name;
    }
    roles[role] = workload;
    if (role == "main") found.main = workload;
    else if (role == "li") found.li = workload;
    else found.workers.emplace_back(role, workload);
  }
  return found;
}

// The ConfigMap holding homeserver.yaml that main (or, without main, the first worker) mounts.
const LiveObject* find_config_map(const Context& context, const SynapseWorkloads& workloads) {
  const LiveObject* reader = workloads.main ? workloads.main : workloads.workers.empty() ? nullptr : workloads.workers.front().second;
  if (!reader) return nullptr;
  for (const auto& volume : reader->body.value("/spec/template/spec/volumes"_json_pointer, nlohmann::json::array())) {
    const std::string name = volume.value("/configMap/name"_json_pointer, std::string());
    const LiveObject* config_map = name.empty() ? nullptr : context.live.find({"ConfigMap", context.ns, name});
    if (config_map && config_map->body.value("/data"_json_pointer, nlohmann::json::object()).contains(kConfigKey))
      return config_map;
  }
  context.warnings.push_back(reader->ref.str() + " mounts no live ConfigMap with a homeserver.yaml key; synapse.configMap left out");
  return nullptr;
}

nlohmann::json homeserver_of(const Context& context, const LiveObject* config_map) {
  if (!config_map) return nlohmann::json::object();
  const std::string text = config_map->body["data"][kConfigKey].get<std::string>();
  auto document = parse_yaml_tree(text, config_map->ref.str() + " " + kConfigKey);
  if (document && document->value.is_object()) return document->value;
  context.warnings.push_back(config_map->ref.str() + ": homeserver.yaml cannot be read; worker streams and owned keys left out");
  return nlohmann::json::object();
}

// The image most workers run; the manifests have one image for all of them.
std::string common_image(const Context& context, const std::vector<std::string>& images) {
  std::map<std::string, int> counts;
  for (const auto& image : images) ++counts[image];
  if (counts.empty()) return {};
  const auto most = std::ranges::max_element(counts, {}, [](const auto& entry) { return entry.second; });
  if (counts.size() > 1)
    context.warnings.push_back("the worker pools run " + std::to_string(counts.size()) + " different images; imported "
                               "synapse.workers.image " + most->first + ", so a plan will roll the others to it");
  return most->first;
}

nlohmann::ordered_json replicas_or_hpa(const HpaTargets& hpas, const LiveObject& workload) {
  if (const LiveObject* hpa = hpas.find(workload.ref))
    return {{"hpa", {{"minReplicas", hpa->body.value("/spec/minReplicas"_json_pointer, 1)},
                     {"maxReplicas", hpa->body.value("/spec/maxReplicas"_json_pointer, 1)}}}};
  return {{"replicas", workload.body.value("/spec/replicas"_json_pointer, 1)}};
}

nlohmann::ordered_json pool_entry(const HpaTargets& hpas, const LiveObject& workload, const nlohmann::json& homeserver,
                                  std::string& image) {
  int container = -1;
  nlohmann::ordered_json entry = workload_entry(workload, "synapse", container);
  image = container_image(workload, container);
  entry.update(replicas_or_hpa(hpas, workload));
  if (workload.ref.kind != "StatefulSet") return entry;  // only StatefulSet pods have stable instance names
  const PoolLayout layout = pool_layout(homeserver, workload.ref.name);
  if (!layout.streams.empty()) entry["streams"] = layout.streams;
  if (layout.federation_sender) entry["federation_sender"] = true;
  if (!layout.service_name.empty() && layout.service_name != workload.ref.name) entry["serviceName"] = layout.service_name;
  if (layout.replication_port && *layout.replication_port != 9093) entry["replicationPort"] = *layout.replication_port;
  return entry;
}

// Pools in the guide's order (synchrotron, generic, event persisters ...), then by role.
void sort_pools(std::vector<std::pair<std::string, const LiveObject*>>& workers, const nlohmann::json& homeserver) {
  std::map<std::string, int> ranks;  // by role, computed once: a layout reads the whole config
  for (const auto& [role, workload] : workers) {
    WorkerPool pool;
    pool.role.value = role;
    const PoolLayout layout = pool_layout(homeserver, workload->ref.name);
    for (const auto& stream : layout.streams) pool.streams.push_back({stream, {}});
    pool.federation_sender = layout.federation_sender;
    ranks[role] = guide_rank(pool);
  }
  std::ranges::sort(workers, {}, [&](const auto& worker) { return std::pair(ranks.at(worker.first), worker.first); });
}

void import_workers(const Context& context, SynapseWorkloads& workloads, const nlohmann::json& homeserver, Manifests& out) {
  if (workloads.workers.empty()) return;
  sort_pools(workloads.workers, homeserver);
  std::vector<std::string> images, names;
  const HpaTargets hpas(context.live);
  for (const auto& [role, workload] : workloads.workers) {
    std::string image;
    out.topology["synapse"]["workers"][role] = pool_entry(hpas, *workload, homeserver, image);
    if (!image.empty()) images.push_back(image);
    names.push_back(workload->ref.name);
  }
  if (auto image = common_image(context, images); !image.empty()) out.images["synapse"]["workers"]["image"] = image;
  for (const auto& instance : unclaimed_instances(homeserver, names))
    context.warnings.push_back("homeserver.yaml names worker \"" + instance + "\", which is no pod of an imported "
                               "StatefulSet; a plan would remove it from the derived keys");
}

void import_single(const LiveObject* workload, const char* role, Manifests& out) {
  if (!workload) return;
  int container = -1;
  out.topology["synapse"][role] = workload_entry(*workload, "synapse", container);
  if (auto image = container_image(*workload, container); !image.empty()) out.images["synapse"][role]["image"] = image;
}

// synapse.yaml: the ConfigMap, the owned keys the guide names, and where main listens.
void import_config(const LiveObject* config_map, const LiveObject* main, const nlohmann::json& homeserver, Manifests& out) {
  if (!config_map) return;
  auto& synapse = out.synapse["synapse"];
  synapse["configMap"] = config_map->ref.name;
  if (const auto layout = main_layout(homeserver); layout && main) {
    if (!layout->service.empty() && layout->service != main->ref.name) synapse["mainService"] = layout->service;
    if (layout->port && *layout->port != 9093) synapse["mainReplicationPort"] = *layout->port;
  }
  nlohmann::ordered_json owned = nlohmann::ordered_json::object();
  if (homeserver.contains("rc_message")) owned["rc_message"] = homeserver["rc_message"];
  const auto cp_max = homeserver.value("/database/args/cp_max"_json_pointer, nlohmann::json());
  if (!cp_max.is_null()) owned["database"]["args"]["cp_max"] = cp_max;
  if (!owned.empty()) synapse["homeserver"] = owned;
}

}  // namespace

void import_synapse(const Context& context, Manifests& out) {
  SynapseWorkloads workloads = find_workloads(context);
  if (!workloads.main && !workloads.workers.empty())
    context.warnings.push_back("no Synapse workload has component \"main\"; synapse.main left out");
  const LiveObject* config_map = find_config_map(context, workloads);
  const nlohmann::json homeserver = homeserver_of(context, config_map);
  import_single(workloads.main, "main", out);
  import_workers(context, workloads, homeserver, out);
  import_single(workloads.li, "li", out);
  import_config(config_map, workloads.main, homeserver, out);
}

}  // namespace synops::importer
