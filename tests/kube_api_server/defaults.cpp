#include "defaults.h"

#include <string>

namespace kube_test {

namespace {

void statefulset_defaults(nlohmann::json& spec) {
  if (!spec.contains("replicas")) spec["replicas"] = 1;
  if (!spec.contains("podManagementPolicy")) spec["podManagementPolicy"] = "OrderedReady";
  if (!spec.contains("revisionHistoryLimit")) spec["revisionHistoryLimit"] = 10;
  auto& strategy = spec["updateStrategy"];
  if (!strategy.is_object()) strategy = nlohmann::json::object();
  if (!strategy.contains("type")) strategy["type"] = "RollingUpdate";
  if (strategy["type"] == "RollingUpdate" && !strategy.contains("rollingUpdate")) strategy["rollingUpdate"] = {{"partition", 0}};
}

// The service CIDR's addresses, handed out in order (10.96.0.1 is the API's own Service).
std::string next_cluster_ip() {
  static unsigned next = 10;
  const unsigned n = next++;
  return "10.96." + std::to_string((n >> 8) & 255) + "." + std::to_string(n & 255);
}

void service_defaults(const nlohmann::json* old, nlohmann::json& spec) {
  if (!spec.contains("type")) spec["type"] = "ClusterIP";
  if (!spec.contains("sessionAffinity")) spec["sessionAffinity"] = "None";
  if (spec["type"] == "ExternalName") return;
  const nlohmann::json allocated = old != nullptr ? old->value("/spec/clusterIP"_json_pointer, nlohmann::json()) : nlohmann::json();
  if (!spec.contains("clusterIP") || spec["clusterIP"] == "")
    spec["clusterIP"] = allocated.is_string() && allocated != "" ? allocated : nlohmann::json(next_cluster_ip());
  if (!spec.contains("clusterIPs")) spec["clusterIPs"] = {spec["clusterIP"]};
}

}  // namespace

void apply_defaults(const Resource& resource, const nlohmann::json* old, nlohmann::json& object) {
  if (!object.contains("spec") || !object["spec"].is_object()) return;
  if (resource.kind == "StatefulSet") statefulset_defaults(object["spec"]);
  if (resource.kind == "Service") service_defaults(old, object["spec"]);
}

}  // namespace kube_test
