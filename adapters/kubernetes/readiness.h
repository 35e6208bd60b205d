// Is a workload done rolling out? The rules of `kubectl rollout status` for Deployments and
// StatefulSets, and the operators' own status fields for CloudNativePG Clusters, MinIO
// Tenants and cert-manager Certificates. Pure functions over the object's JSON.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace synops::kube {

struct Readiness {
  bool ready = false;
  bool failed = false;  // will not become ready by waiting (progress deadline, OnDelete...)
  std::string message;  // kubectl's wording where kubectl has one
};

Readiness deployment_readiness(const nlohmann::json& deployment);
Readiness statefulset_readiness(const nlohmann::json& statefulset);
Readiness cnpg_cluster_readiness(const nlohmann::json& cluster);
Readiness tenant_readiness(const nlohmann::json& tenant);
Readiness certificate_readiness(const nlohmann::json& certificate);
Readiness pod_readiness(const nlohmann::json& pod);

// By the object's kind; kinds without a rollout (ConfigMap, Secret...) are always ready.
Readiness readiness(const nlohmann::json& object);

// Whether objects of `kind` roll out after a change (and so have a readiness to wait for):
// Deployment, StatefulSet, CloudNativePG Cluster, MinIO Tenant, cert-manager Certificate.
bool has_rollout(std::string_view kind);

}  // namespace synops::kube
