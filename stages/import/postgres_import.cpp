// postgres.yaml from the CloudNativePG Cluster. Parameters CNPG fixes are left out: the
// operator sets them itself and refuses them in a spec.
#include "import_sections.h"
#include "adapters/yaml/yaml_tree.h"
#include "domain/postgres/cnpg_fixed_parameters.h"

namespace synops::importer {

namespace {

// Settings and quantities are text in the manifests, as CNPG and the API server have them.
std::string text_of(const nlohmann::json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

// The database hosts the namespace's homeserver.yaml files name (database.args.host).
std::vector<std::string> database_hosts(const Context& context) {
  std::vector<std::string> hosts;
  for (const LiveObject* config_map : context.live.of_kind("ConfigMap")) {
    if (config_map->ref.ns != context.ns) continue;
    const std::string text = config_map->body.value("/data"_json_pointer, nlohmann::json::object()).value("homeserver.yaml", "");
    if (text.empty()) continue;
    auto document = parse_yaml_tree(text, config_map->ref.str() + " homeserver.yaml");
    if (!document) continue;
    const auto host = document->value.value("/database/args/host"_json_pointer, nlohmann::json());
    if (host.is_string()) hosts.push_back(host.get<std::string>());
  }
  return hosts;
}

// "synapse-postgres-rw", or its longer names in the cluster's DNS ("...-rw.matrix.svc").
bool names_read_write_service(const std::string& host, const std::string& cluster) {
  const std::string service = cluster + "-rw";
  return host == service || host.starts_with(service + ".");
}

// The Cluster whose read-write Service Synapse's database host names, else the only one.
const LiveObject* choose_cluster(const Context& context, const std::vector<const LiveObject*>& clusters) {
  if (clusters.empty()) return nullptr;
  const auto hosts = database_hosts(context);
  for (const LiveObject* cluster : clusters)
    for (const auto& host : hosts)
      if (names_read_write_service(host, cluster->ref.name)) return cluster;
  if (clusters.size() > 1)
    context.warnings.push_back(std::to_string(clusters.size()) + " CloudNativePG Clusters in " + context.ns +
                               "; imported " + clusters.front()->ref.name);
  return clusters.front();
}

nlohmann::ordered_json parameters_of(const LiveObject& cluster) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  const auto parameters = cluster.body.value("/spec/postgresql/parameters"_json_pointer, nlohmann::json::object());
  for (const auto& [name, value] : parameters.items())
    if (!cnpg_fixes_parameter(name)) out[name] = text_of(value);
  return out;
}

nlohmann::ordered_json resources_of(const LiveObject& cluster) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  const auto resources = cluster.body.value("/spec/resources"_json_pointer, nlohmann::json::object());
  for (const char* part : {"requests", "limits"}) {
    const auto quantities = resources.value(part, nlohmann::json::object());
    for (const auto& [name, quantity] : quantities.items()) out[part][name] = text_of(quantity);
  }
  return out;
}

}  // namespace

void import_postgres(const Context& context, Manifests& out) {
  std::vector<const LiveObject*> clusters;
  for (const LiveObject* cluster : context.live.of_kind("Cluster"))
    if (cluster->ref.ns == context.ns && cluster->api_version.starts_with("postgresql.cnpg.io/")) clusters.push_back(cluster);
  const LiveObject* cluster = choose_cluster(context, clusters);
  if (!cluster) return;
  auto& pg = out.postgres["postgres"];
  pg["cluster"] = cluster->ref.name;
  if (auto instances = cluster->body.value("/spec/instances"_json_pointer, nlohmann::json()); instances.is_number_integer())
    pg["instances"] = instances;
  if (auto parameters = parameters_of(*cluster); !parameters.empty()) pg["parameters"] = parameters;
  if (auto resources = resources_of(*cluster); !resources.empty()) pg["resources"] = resources;
  if (auto image = cluster->body.value("/spec/imageName"_json_pointer, std::string()); !image.empty())
    out.images["postgres"]["image"] = image;
}

}  // namespace synops::importer
