#include "resources.h"

#include <set>

namespace kube_test {

const std::vector<Resource>& resources() {
  static const std::vector<Resource> table = {
      {"StatefulSet", "apps", "v1", "statefulsets", "statefulset", true, true, {"sts"}},
      {"Deployment", "apps", "v1", "deployments", "deployment", true, true, {"deploy"}},
      {"ConfigMap", "", "v1", "configmaps", "configmap", true, false, {"cm"}},
      {"Secret", "", "v1", "secrets", "secret", true, false, {}},
      {"Service", "", "v1", "services", "service", true, true, {"svc"}},
      {"Pod", "", "v1", "pods", "pod", true, true, {"po"}},
      {"HorizontalPodAutoscaler", "autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", true, true, {"hpa"}},
      {"Cluster", "postgresql.cnpg.io", "v1", "clusters", "cluster", false, true, {}},
      {"Tenant", "minio.min.io", "v2", "tenants", "tenant", false, true, {}},
      {"Certificate", "cert-manager.io", "v1", "certificates", "certificate", false, true, {"cert", "certs"}},
      {"Lease", "coordination.k8s.io", "v1", "leases", "lease", true, false, {}},
      {"Ingress", "networking.k8s.io", "v1", "ingresses", "ingress", true, true, {"ing"}},
  };
  return table;
}

const Resource* find_resource(const std::string& group, const std::string& version, const std::string& plural) {
  for (const auto& resource : resources())
    if (resource.group == group && resource.version == version && resource.plural == plural) return &resource;
  return nullptr;
}

const Resource* find_resource_by_kind(const std::string& api_version, const std::string& kind) {
  for (const auto& resource : resources())
    if (resource.api_version() == api_version && resource.kind == kind) return &resource;
  return nullptr;
}

nlohmann::json core_versions(const std::string& address) {
  return {{"kind", "APIVersions"},
          {"versions", {"v1"}},
          {"serverAddressByClientCIDRs", {{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", address}}}}};
}

nlohmann::json group_list() {
  std::set<std::string> seen;
  nlohmann::json groups = nlohmann::json::array();
  for (const auto& resource : resources()) {
    if (resource.group.empty() || !seen.insert(resource.group).second) continue;
    const nlohmann::json version = {{"groupVersion", resource.api_version()}, {"version", resource.version}};
    groups.push_back({{"name", resource.group}, {"versions", {version}}, {"preferredVersion", version}});
  }
  return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

nlohmann::json resource_list(const std::string& group, const std::string& version) {
  nlohmann::json list = nlohmann::json::array();
  const nlohmann::json verbs = {"get", "list", "watch", "patch", "create", "update", "delete"};
  for (const auto& resource : resources()) {
    if (resource.group != group || resource.version != version) continue;
    nlohmann::json entry = {{"name", resource.plural},   {"singularName", resource.singular}, {"namespaced", true},
                            {"kind", resource.kind},     {"verbs", verbs}};
    if (!resource.short_names.empty()) entry["shortNames"] = resource.short_names;
    list.push_back(entry);
    if (resource.has_status)
      list.push_back({{"name", resource.plural + "/status"}, {"singularName", ""}, {"namespaced", true},
                      {"kind", resource.kind}, {"verbs", {"get", "patch", "update"}}});
  }
  if (group.empty() && version == "v1")
    list.push_back({{"name", "namespaces"}, {"singularName", "namespace"}, {"namespaced", false}, {"kind", "Namespace"},
                    {"verbs", {"get"}}, {"shortNames", {"ns"}}});
  if (list.empty()) return nullptr;
  const std::string group_version = group.empty() ? version : group + "/" + version;
  return {{"kind", "APIResourceList"}, {"apiVersion", "v1"}, {"groupVersion", group_version}, {"resources", list}};
}

nlohmann::json server_version() {
  return {{"major", "1"},         {"minor", "30"},       {"gitVersion", "v1.30.0"}, {"gitCommit", "synops-test-apiserver"},
          {"gitTreeState", "clean"}, {"buildDate", "2024-04-17T00:00:00Z"}, {"goVersion", "go1.22.2"},
          {"compiler", "gc"},     {"platform", "linux/amd64"}};
}

}  // namespace kube_test
