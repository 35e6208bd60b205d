// What `synops import` reads back from live objects, one function per manifest area. Each
// adds its keys to the manifests being written and a warning for anything it had to guess
// or leave out; none fails, since a partial import is still a useful start.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/live_state.h"

namespace synops::importer {

struct Context {
  const LiveState& live;
  std::string ns;                      // the deployment's namespace
  std::vector<std::string>& warnings;  // one sentence each, for stderr
};

// The content of each manifest file, as ordered mappings (keys in the order written).
struct Manifests {
  nlohmann::ordered_json images = nlohmann::ordered_json::object();    // values/images.yaml
  nlohmann::ordered_json topology = nlohmann::ordered_json::object();  // topology.yaml
  nlohmann::ordered_json synapse = nlohmann::ordered_json::object();   // synapse.yaml
  nlohmann::ordered_json postgres = nlohmann::ordered_json::object();  // postgres.yaml
  nlohmann::ordered_json storage = nlohmann::ordered_json::object();   // storage.yaml
  nlohmann::ordered_json redis = nlohmann::ordered_json::object();     // redis.yaml
  nlohmann::ordered_json tls = nlohmann::ordered_json::object();       // tls.yaml
};

// Synapse main, LI and worker pools (label app.kubernetes.io/name: synapse, role from
// app.kubernetes.io/component), their images, the ConfigMap they mount and its owned keys.
void import_synapse(const Context& context, Manifests& out);
// The CloudNativePG Cluster: image, instances, parameters (not those CNPG fixes), resources.
void import_postgres(const Context& context, Manifests& out);
// The MinIO Tenant (in any namespace) and its pools.
void import_minio(const Context& context, Manifests& out);
// Helm releases of the redis chart: image tag and replicas of the highest deployed revision.
void import_redis(const Context& context, Manifests& out);
// cert-manager Certificates and their DNS names.
void import_certificates(const Context& context, Manifests& out);
// Element Web: the workload whose name or app.kubernetes.io/name label starts with "element".
void import_element(const Context& context, Manifests& out);

// Helpers shared by the sections.
std::string label(const LiveObject& object, const std::string& key);
// The workloads (StatefulSets and Deployments) of a namespace, in identity order.
std::vector<const LiveObject*> workloads_in(const LiveState& live, const std::string& ns);
// {kind, name} plus `container` when the owned container is not `default_container`; the
// index of that container is stored in `container_index` (-1 when the template has none).
nlohmann::ordered_json workload_entry(const LiveObject& workload, const std::string& default_container,
                                      int& container_index);
std::string container_image(const LiveObject& workload, int container_index);

}  // namespace synops::importer
