// Apply's preflight, which `plan` also runs on the state it planned from (its health
// warnings): the example deployment is healthy, and each kind of trouble is named by object.
#include <doctest/doctest.h>

#include "support/api_server.h"
#include "adapters/kubernetes/preflight.h"
#include "adapters/snapshot/snapshot_reader.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::kube;
using namespace synops::testing;

namespace {


// The example deployment with its CloudNativePG Cluster's status changed as given.
LiveState with_cluster_status(const std::string& phase, int ready_instances) {
  auto live = read_snapshot(example_snapshot());
  REQUIRE(live);
  LiveObject cluster = *live->find(kPostgresCluster);
  cluster.body["status"]["phase"] = phase;
  cluster.body["status"]["readyInstances"] = ready_instances;
  live->add(cluster);
  return std::move(*live);
}

}  // namespace

TEST_CASE("preflight: the example is healthy; crash loops, pulls and rollouts in progress are found in order") {
  auto live = read_snapshot(example_snapshot());
  REQUIRE(live);
  CHECK(preflight_problems(*live).empty());
  LiveObject pod = *live->find(ObjectRef{"Pod", "matrix", "synapse-main-0"});
  pod.body["status"]["containerStatuses"][0]["state"] = {{"waiting", {{"reason", "CrashLoopBackOff"}}}};
  live->add(pod);
  LiveObject web = *live->find(ObjectRef{"Deployment", "matrix", "element-web"});
  web.body["metadata"]["generation"] = 7;
  live->add(web);
  LiveObject li = *live->find(ObjectRef{"StatefulSet", "matrix", "synapse-li"});
  li.body["spec"]["updateStrategy"] = {{"type", "OnDelete"}};
  li.body["status"]["updateRevision"] = "synapse-li-new";
  live->add(li);
  const auto problems = preflight_problems(*live);
  REQUIRE(problems.size() == 3);
  CHECK(problems[0].ref.str() == "Deployment/matrix/element-web");
  CHECK(problems[0].message == "mid-rollout: Waiting for deployment \"element-web\" spec update to be observed...");
  CHECK(problems[1].ref.str() == "Pod/matrix/synapse-main-0");
  CHECK(problems[1].message == "pod \"synapse-main-0\": container synapse is in CrashLoopBackOff");
  CHECK(problems[2].ref.str() == "StatefulSet/matrix/synapse-li");
  CHECK(problems[2].message == "pods still run an old revision (OnDelete: they update only when deleted)");
}

// Issue #15, 7: a Cluster failing over is what the issue measured. Every phase but the
// healthy one, and the healthy phase with an instance not ready, is a problem.
TEST_CASE("preflight: a CloudNativePG Cluster failing over, switching over or short of ready instances is not healthy") {
  struct Case {
    std::string phase;
    int ready;
    std::string expected;  // "" when healthy
  };
  const std::vector<Case> cases = {
      {"Cluster in healthy state", 3, ""},
      {"Failing over", 2, "not ready: Cluster \"synapse-postgres\": phase \"Failing over\", 2 of 3 instances ready"},
      {"Switchover in progress", 3, "not ready: Cluster \"synapse-postgres\": phase \"Switchover in progress\", 3 of 3 instances ready"},
      {"Waiting for user action", 3, "not ready: Cluster \"synapse-postgres\": phase \"Waiting for user action\", 3 of 3 instances ready"},
      {"Cluster in healthy state", 2, "not ready: Cluster \"synapse-postgres\": phase \"Cluster in healthy state\", 2 of 3 instances ready"},
  };
  for (const auto& [phase, ready, expected] : cases) {
    CAPTURE(phase);
    CAPTURE(ready);
    const auto problems = preflight_problems(with_cluster_status(phase, ready));
    if (expected.empty()) {
      CHECK(problems.empty());
      continue;
    }
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].ref == kPostgresCluster);
    CHECK(problems[0].message == expected);
  }
}

TEST_CASE("preflight: a MinIO Tenant whose health is not green is not healthy") {
  auto live = read_snapshot(example_snapshot());
  REQUIRE(live);
  LiveObject tenant = *live->find(ObjectRef{"Tenant", "minio-tenant", "synapse-storage"});
  tenant.body["status"]["healthStatus"] = "yellow";
  live->add(tenant);
  const auto problems = preflight_problems(*live);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].ref.str() == "Tenant/minio-tenant/synapse-storage");
  CHECK(problems[0].message == "not ready: Tenant \"synapse-storage\": state \"Initialized\", health \"yellow\"");
}
