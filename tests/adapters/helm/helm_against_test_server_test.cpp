// The real helm 3 against the test API server: install, upgrade --reuse-values --set with
// --wait, history, a failed upgrade (the pods never become ready) and rollback. If helm can do
// all that, the server speaks the parts of the API helm uses (OpenAPI v3, protobuf release
// Secrets, Service cluster IPs, StatefulSet defaults) the way clusters do; and synops reads
// the releases helm itself wrote.
#include <doctest/doctest.h>

#include "adapters/helm/helm_release.h"
#include "adapters/kubernetes/cluster_reader.h"
#include "support/api_server.h"
#include "support/helm_binary.h"

using namespace synops;
using namespace synops::testing;

namespace {

LiveState live_of(const TestApiServer& server) {
  auto live = kube::read_cluster(server.client(), std::vector<std::string>{"matrix"});
  REQUIRE(live);
  return std::move(*live);
}

nlohmann::json live_cache_replicas(const TestApiServer& server) {
  auto object = server.client().get(ObjectRef{"StatefulSet", "matrix", "cache-replicas"});
  REQUIRE(object);
  REQUIRE(*object);
  return (**object).body;
}

}  // namespace

TEST_SUITE("needs helm") {
TEST_CASE("helm: install, upgrade --reuse-values --set --wait, history and rollback against the test server") {
  require_helm();
  TestApiServer server({"--tick-ms", "50"});
  install_test_release(server, "cache", "--set auth.password=not-in-any-output");

  auto first = read_helm_release(live_of(server), "matrix", "cache");
  REQUIRE(first);
  CHECK(first->revision == 1);
  CHECK(first->effective_values()["replica"]["replicaCount"] == 1);

  const HelmRun upgrade = run_helm(server, "upgrade cache " + redis_test_chart().string() +
                                               " -n matrix --reuse-values --set image.tag=7.2.5 --set replica.replicaCount=2 --wait --timeout 60s");
  REQUIRE_MESSAGE(upgrade.status == 0, upgrade.output);
  const auto upgraded = live_cache_replicas(server);
  CHECK(upgraded["spec"]["replicas"] == 2);
  CHECK(upgraded["spec"]["template"]["spec"]["containers"][0]["image"] == "docker.io/bitnami/redis:7.2.5");
  CHECK(upgraded["status"]["readyReplicas"] == 2);  // --wait waited for the rollout
  auto second = read_helm_release(live_of(server), "matrix", "cache");
  REQUIRE(second);
  CHECK(second->revision == 2);
  CHECK(second->effective_values()["auth"]["password"] == "not-in-any-output");  // --reuse-values kept it
  CHECK(second->effective_values()["image"]["tag"] == "7.2.5");

  const HelmRun rollback = run_helm(server, "rollback cache 1 -n matrix --wait --timeout 60s");
  REQUIRE_MESSAGE(rollback.status == 0, rollback.output);
  CHECK(live_cache_replicas(server)["spec"]["replicas"] == 1);
  const HelmRun history = run_helm(server, "history cache -n matrix -o json");
  REQUIRE_MESSAGE(history.status == 0, history.output);
  const auto revisions = nlohmann::json::parse(history.output);
  REQUIRE(revisions.size() == 3);
  CHECK(revisions[1]["status"] == "superseded");
  CHECK(revisions[2]["status"] == "deployed");
  CHECK(revisions[2]["description"] == "Rollback to 1");
}

TEST_CASE("helm: an upgrade whose pods never become ready fails at --timeout, and rollback restores the release") {
  require_helm();
  TestApiServer server({"--tick-ms", "50"});
  install_test_release(server, "cache");

  const HelmRun upgrade =
      run_helm(server, "upgrade cache " + redis_test_chart().string() + " -n matrix --reuse-values --set image.tag=broken --wait --timeout 5s");
  CHECK(upgrade.status != 0);
  CHECK_MESSAGE(upgrade.output.find("context deadline exceeded") != std::string::npos, upgrade.output);
  const HelmRun failed = run_helm(server, "history cache -n matrix -o json");
  REQUIRE_MESSAGE(failed.status == 0, failed.output);
  CHECK(nlohmann::json::parse(failed.output).back()["status"] == "failed");
  auto deployed = read_helm_release(live_of(server), "matrix", "cache");  // the failed revision is not the deployed one
  REQUIRE(deployed);
  CHECK(deployed->revision == 1);

  const HelmRun rollback = run_helm(server, "rollback cache 1 -n matrix --wait --timeout 60s");
  REQUIRE_MESSAGE(rollback.status == 0, rollback.output);
  const auto restored = live_cache_replicas(server);
  CHECK(restored["spec"]["template"]["spec"]["containers"][0]["image"] == "docker.io/bitnami/redis:7.2.4");
  CHECK(restored["status"]["readyReplicas"] == 1);
}
}
