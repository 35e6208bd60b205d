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

// What waiting for an object of `kind` checks, as a plan's wait step says it ("is rolled out
// and ready: ..."): one clause per rule of the readiness functions above, and for Deployments
// and StatefulSets the pods that fail the wait at once (pod_status.h's stuck_reason, which
// apply's wait asks of the new template's pods). tests/adapters/kubernetes/readiness_promise_test.cpp breaks
// each clause in turn and checks that the object is then not ready.
std::string readiness_promise(std::string_view kind);

// Whether objects of `kind` roll out after a change (and so have a readiness to wait for):
// Deployment, StatefulSet, CloudNativePG Cluster, MinIO Tenant, cert-manager Certificate.
bool has_rollout(std::string_view kind);

}  // namespace synops::kube
