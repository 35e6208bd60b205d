// Readiness as kubectl rollout status and the operators define it: tables of small objects,
// then rollouts driven to the end (or to failure) by the test server's controllers.
#include <doctest/doctest.h>

#include <thread>

#include "support/api_server.h"
#include "adapters/kubernetes/readiness.h"

using namespace synops;
using namespace synops::kube;
using namespace synops::testing;

namespace {

using nlohmann::json;

// "ready", "failed" or "waiting", then the message: one short string per case.
std::string verdict(const Readiness& readiness) {
  return std::string(readiness.ready ? "ready" : readiness.failed ? "failed" : "waiting") + ": " + readiness.message;
}

std::string verdict(const json& object) { return verdict(readiness(object)); }

json deployment_with(json status, long generation = 3, long replicas = 2) {
  return {{"kind", "Deployment"},
          {"metadata", {{"name", "web"}, {"generation", generation}}},
          {"spec", {{"replicas", replicas}}},
          {"status", status}};
}

json statefulset_with(json strategy, json status, long replicas = 3) {
  json object = {{"kind", "StatefulSet"}, {"metadata", {{"name", "db"}, {"generation", 2}}}, {"spec", {{"replicas", replicas}}}, {"status", status}};
  if (!strategy.is_null()) object["spec"]["updateStrategy"] = strategy;
  return object;
}

// Polls the object until `done` holds (after a not-ready state was seen: right after a
// patch, an operator's status still describes the previous spec) or 15 s pass; returns
// every verdict seen, in order.
std::vector<std::string> follow(const KubeClient& client, const ObjectRef& ref, const std::function<bool(const Readiness&)>& done) {
  std::vector<std::string> seen;
  bool waited = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (std::chrono::steady_clock::now() < deadline) {
    auto object = client.get(ref);
    REQUIRE(object);
    REQUIRE(*object);
    const Readiness state = readiness((*object)->body);
    if (seen.empty() || seen.back() != verdict(state)) seen.push_back(verdict(state));
    waited = waited || !state.ready;
    if (waited && done(state)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return seen;
}

bool is_ready(const Readiness& state) { return state.ready; }

}  // namespace

TEST_CASE("readiness: Deployment, step by step as kubectl rollout status") {
  const json progressing_failed = {{"observedGeneration", 3},
                                   {"conditions", {{{"type", "Progressing"}, {"status", "False"}, {"reason", "ProgressDeadlineExceeded"}}}}};
  CHECK(verdict(deployment_with({{"observedGeneration", 2}})) == "waiting: Waiting for deployment \"web\" spec update to be observed...");
  CHECK(verdict(deployment_with(progressing_failed)) == "failed: deployment \"web\" exceeded its progress deadline");
  CHECK(verdict(deployment_with({{"observedGeneration", 3}, {"updatedReplicas", 1}})) ==
        "waiting: Waiting for deployment \"web\" rollout to finish: 1 out of 2 new replicas have been updated...");
  CHECK(verdict(deployment_with({{"observedGeneration", 3}, {"updatedReplicas", 2}, {"replicas", 3}})) ==
        "waiting: Waiting for deployment \"web\" rollout to finish: 1 old replicas are pending termination...");
  CHECK(verdict(deployment_with({{"observedGeneration", 3}, {"updatedReplicas", 2}, {"replicas", 2}, {"availableReplicas", 1}})) ==
        "waiting: Waiting for deployment \"web\" rollout to finish: 1 of 2 updated replicas are available...");
  CHECK(verdict(deployment_with({{"observedGeneration", 3}, {"updatedReplicas", 2}, {"replicas", 2}, {"availableReplicas", 2}})) ==
        "ready: deployment \"web\" successfully rolled out");
  CHECK(verdict(deployment_with({{"observedGeneration", 3}}, 3, 0)) == "ready: deployment \"web\" successfully rolled out");
}

TEST_CASE("readiness: StatefulSet, including OnDelete, partitions and the defaulted strategy") {
  const json rolling = {{"type", "RollingUpdate"}, {"rollingUpdate", {{"partition", 0}}}};
  const json done_status = {{"observedGeneration", 2}, {"readyReplicas", 3}, {"updatedReplicas", 3}, {"currentRevision", "db-a"}, {"updateRevision", "db-b"}};
  CHECK(verdict(statefulset_with({{"type", "OnDelete"}}, done_status)) == "failed: rollout status is only available for RollingUpdate strategy type");
  CHECK(verdict(statefulset_with(rolling, {{"observedGeneration", 0}})) == "waiting: Waiting for statefulset spec update to be observed...");
  CHECK(verdict(statefulset_with(rolling, {{"observedGeneration", 1}})) == "waiting: Waiting for statefulset spec update to be observed...");
  CHECK(verdict(statefulset_with(rolling, {{"observedGeneration", 2}, {"readyReplicas", 1}})) == "waiting: Waiting for 2 pods to be ready...");
  CHECK(verdict(statefulset_with({{"type", "RollingUpdate"}, {"rollingUpdate", {{"partition", 1}}}},
                            {{"observedGeneration", 2}, {"readyReplicas", 3}, {"updatedReplicas", 1}})) ==
        "waiting: Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...");
  // With rollingUpdate present kubectl never compares revisions.
  CHECK(verdict(statefulset_with(rolling, done_status)) == "ready: partitioned roll out complete: 3 new pods have been updated...");
  CHECK(verdict(statefulset_with(nullptr, done_status)) == "ready: partitioned roll out complete: 3 new pods have been updated...");
  // RollingUpdate without a rollingUpdate block: the revisions decide.
  CHECK(verdict(statefulset_with({{"type", "RollingUpdate"}}, done_status)) ==
        "waiting: waiting for statefulset rolling update to complete 3 pods at revision db-b...");
  json settled = done_status;
  settled["updateRevision"] = "db-a";
  settled["currentReplicas"] = 3;
  CHECK(verdict(statefulset_with({{"type", "RollingUpdate"}}, settled)) == "ready: statefulset rolling update complete 3 pods at revision db-a...");
}

TEST_CASE("readiness: CloudNativePG Cluster, MinIO Tenant, Certificate, Pod") {
  const json cluster = {{"kind", "Cluster"}, {"apiVersion", "postgresql.cnpg.io/v1"}, {"metadata", {{"name", "pg"}}}, {"spec", {{"instances", 3}}}};
  json healthy = cluster;
  healthy["status"] = {{"phase", "Cluster in healthy state"}, {"readyInstances", 3}};
  json upgrading = cluster;
  upgrading["status"] = {{"phase", "Upgrading cluster"}, {"readyInstances", 2}};
  json short_one = cluster;
  short_one["status"] = {{"phase", "Cluster in healthy state"}, {"readyInstances", 2}};
  CHECK(verdict(readiness(healthy)) == "ready: Cluster \"pg\": phase \"Cluster in healthy state\", 3 of 3 instances ready");
  CHECK(verdict(readiness(upgrading)) == "waiting: Cluster \"pg\": phase \"Upgrading cluster\", 2 of 3 instances ready");
  CHECK_FALSE(readiness(short_one).ready);

  const json tenant = {{"kind", "Tenant"}, {"metadata", {{"name", "s3"}}}, {"status", {{"currentState", "Initialized"}, {"healthStatus", "green"}}}};
  CHECK(verdict(readiness(tenant)) == "ready: Tenant \"s3\": state \"Initialized\", health \"green\"");
  json yellow = tenant;
  yellow["status"]["healthStatus"] = "yellow";
  CHECK(verdict(readiness(yellow)) == "waiting: Tenant \"s3\": state \"Initialized\", health \"yellow\"");

  auto certificate = [](long generation, json conditions) {
    return json{{"kind", "Certificate"}, {"metadata", {{"name", "tls"}, {"generation", generation}}}, {"status", {{"conditions", conditions}}}};
  };
  const json ready = {{"type", "Ready"}, {"status", "True"}, {"observedGeneration", 3}, {"message", "up to date"}};
  CHECK(verdict(readiness(certificate(3, {ready}))) == "ready: Certificate \"tls\" is ready");
  CHECK(verdict(readiness(certificate(4, {ready}))) == "waiting: Certificate \"tls\": waiting for cert-manager to observe the change");
  CHECK(verdict(readiness(certificate(3, {{{"type", "Ready"}, {"status", "False"}, {"observedGeneration", 3}, {"message", "Issuing"}}}))) ==
        "waiting: Certificate \"tls\" is not ready: Issuing");
  CHECK(readiness(certificate(3, {{{"type", "Issuing"}, {"status", "False"}, {"reason", "Failed"}, {"message", "ACME said no"}}})).failed);

  auto pod = [](json status) { return json{{"kind", "Pod"}, {"metadata", {{"name", "p"}}}, {"status", status}}; };
  CHECK(verdict(readiness(pod({{"phase", "Running"}, {"conditions", {{{"type", "Ready"}, {"status", "True"}}}}}))) == "ready: pod \"p\" is ready");
  CHECK(verdict(readiness(pod({{"phase", "Running"}, {"conditions", {{{"type", "Ready"}, {"status", "False"}}}}}))) == "waiting: pod \"p\" is not ready");
  CHECK(verdict(readiness(pod({{"containerStatuses", {{{"name", "synapse"}, {"state", {{"waiting", {{"reason", "CrashLoopBackOff"}}}}}}}}}))) ==
        "failed: pod \"p\": container synapse is in CrashLoopBackOff");
  CHECK(readiness(pod({{"initContainerStatuses", {{{"name", "init"}, {"state", {{"waiting", {{"reason", "ImagePullBackOff"}}}}}}}}})).failed);
  CHECK(verdict(readiness(json{{"kind", "ConfigMap"}})) == "ready: ConfigMap has no rollout");
}

TEST_CASE("controllers: rollouts of every kind run to ready") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "20"});
  auto client = server.client();
  struct Case {
    ObjectRef ref;
    nlohmann::json patch;
  };
  const std::vector<Case> cases = {
      {{"Deployment", "matrix", "synapse-synchrotron"},
       {{"spec", {{"template", {{"spec", {{"containers", {{{"name", "synapse"}, {"image", "matrixdotorg/synapse:v1.121.0"}}}}}}}}}}}},
      {{"StatefulSet", "matrix", "synapse-federation-sender"},
       {{"spec", {{"template", {{"metadata", {{"annotations", {{"checksum/config", "changed"}}}}}}}}}}},
      {{"Cluster", "matrix", "synapse-postgres"}, {{"spec", {{"imageName", "ghcr.io/cloudnative-pg/postgresql:16.4"}}}}},
      {{"Tenant", "minio-tenant", "synapse-storage"}, {{"spec", {{"image", "quay.io/minio/minio:RELEASE.2024-12-01T00-00-00Z"}}}}},
      {{"Certificate", "matrix", "synapse-tls"}, {{"spec", {{"dnsNames", {"matrix.example.org", "element.example.org"}}}}}},
  };
  for (const auto& [ref, patch] : cases) {
    CAPTURE(ref.str());
    REQUIRE(client.merge_patch(ref, patch, ""));
    const auto seen = follow(client, ref, is_ready);
    REQUIRE(seen.size() >= 2);  // it was not ready for a while
    CHECK(std::ranges::any_of(seen, [](const std::string& text) { return text.starts_with("waiting: "); }));
    CHECK(seen.back().starts_with("ready: "));
  }
}

TEST_CASE("controllers: a bad image never becomes ready; a Deployment then exceeds its progress deadline") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "20", "--progress-deadline-ms", "400"});
  auto client = server.client();
  const ObjectRef web{"Deployment", "matrix", "element-web"};
  const nlohmann::json broken = {{"spec", {{"template", {{"spec", {{"containers", {{{"name", "element-web"}, {"image", "vectorim/element-web:broken"}}}}}}}}}}};
  REQUIRE(client.merge_patch(web, broken, ""));
  const auto seen = follow(client, web, [](const Readiness& state) { return state.failed || state.ready; });
  CHECK(seen.back() == "failed: deployment \"element-web\" exceeded its progress deadline");

  const ObjectRef main{"StatefulSet", "matrix", "synapse-main"};
  REQUIRE(client.merge_patch(main, {{"spec", {{"template", {{"spec", {{"containers", {{{"name", "synapse"}, {"image", "synapse:broken"}}}}}}}}}}}, ""));
  const std::string stuck = "waiting: Waiting for 1 pods to be ready...";
  const auto reached = follow(client, main, [&](const Readiness& state) { return verdict(state) == stuck; });
  REQUIRE(reached.back() == stuck);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // fifteen more controller steps
  auto object = client.get(main);
  REQUIRE(object);
  CHECK(verdict(readiness((**object).body)) == stuck);
}

// Right after a change, a CNPG Cluster still shows the healthy status of the spec before it:
// the wait must not pass until the operator reports the new generation and runs the new image.
TEST_CASE("readiness: a CloudNativePG Cluster is ready only once the operator reports this generation and the new image") {
  const json ready_condition = {{"type", "Ready"}, {"status", "True"}, {"reason", "ClusterIsReady"}, {"observedGeneration", 6}};
  json cluster = {{"kind", "Cluster"}, {"apiVersion", "postgresql.cnpg.io/v1"},
                  {"metadata", {{"name", "pg"}, {"generation", 6}}},
                  {"spec", {{"instances", 3}, {"imageName", "ghcr.io/cloudnative-pg/postgresql:16.3"}}},
                  {"status", {{"phase", "Cluster in healthy state"}, {"readyInstances", 3},
                              {"image", "ghcr.io/cloudnative-pg/postgresql:16.3"}, {"conditions", {ready_condition}}}}};
  CHECK(readiness(cluster).ready);

  json changed = cluster;  // just patched: generation 7, nothing reported yet
  changed["metadata"]["generation"] = 7;
  changed["spec"]["imageName"] = "ghcr.io/cloudnative-pg/postgresql:16.4";
  CHECK(verdict(readiness(changed)) ==
        "waiting: Cluster \"pg\": phase \"Cluster in healthy state\", 3 of 3 instances ready; the operator has not reported generation 7 yet");

  json seen = changed;  // the operator saw generation 7 but the instances still run the old image
  seen["status"]["conditions"][0]["observedGeneration"] = 7;
  CHECK(verdict(readiness(seen)) ==
        "waiting: Cluster \"pg\": phase \"Cluster in healthy state\", 3 of 3 instances ready; the instances run "
        "ghcr.io/cloudnative-pg/postgresql:16.3, not yet ghcr.io/cloudnative-pg/postgresql:16.4");

  json not_ready = seen;
  not_ready["status"]["image"] = "ghcr.io/cloudnative-pg/postgresql:16.4";
  not_ready["status"]["conditions"][0]["status"] = "False";
  CHECK_FALSE(readiness(not_ready).ready);

  json rolled = not_ready;
  rolled["status"]["conditions"][0]["status"] = "True";
  CHECK(readiness(rolled).ready);
}
