#include "kinds.h"

namespace synops::kube {

std::string KindInfo::collection_path(const std::string& ns) const {
  std::string path = group.empty() ? "/api/" + version : "/apis/" + group + "/" + version;
  if (namespaced && !ns.empty()) path += "/namespaces/" + ns;
  return path + "/" + plural;
}

std::string KindInfo::object_path(const std::string& ns, const std::string& name) const {
  return collection_path(ns) + "/" + name;
}

const std::vector<KindInfo>& known_kinds() {
  static const std::vector<KindInfo> kinds = {
      {"StatefulSet", "apps", "v1", "statefulsets"},
      {"Deployment", "apps", "v1", "deployments"},
      {"ConfigMap", "", "v1", "configmaps"},
      {"Secret", "", "v1", "secrets"},
      {"Pod", "", "v1", "pods"},
      {"HorizontalPodAutoscaler", "autoscaling", "v2", "horizontalpodautoscalers"},
      {"Cluster", "postgresql.cnpg.io", "v1", "clusters", true, false},
      {"Tenant", "minio.min.io", "v2", "tenants", true, false},
      {"Certificate", "cert-manager.io", "v1", "certificates", true, false},
      {"Lease", "coordination.k8s.io", "v1", "leases", true, true, false},          // the apply lock
      {"Service", "", "v1", "services", true, true, false},                        // the maintenance page
      {"Ingress", "networking.k8s.io", "v1", "ingresses", true, true, false},      // pointed at the maintenance page
  };
  return kinds;
}

const KindInfo* find_kind(std::string_view kind) {
  for (const auto& info : known_kinds())
    if (info.kind == kind) return &info;
  return nullptr;
}

}  // namespace synops::kube
