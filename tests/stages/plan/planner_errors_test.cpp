// Objects the manifests name that live lacks, or has with another kind, are errors naming both.
#include <doctest/doctest.h>

#include "support/scenario.h"

using namespace synops;
using namespace synops::testing;

TEST_CASE("a workload missing live is an error at its manifest position") {
  Scenario s = Scenario::in_sync();
  s.pool("generic").workload.name.value = "synapse-generic";
  auto plan = plan_deployment(s.desired, s.live, {});
  REQUIRE_FALSE(plan);
  CHECK(plan.error()[0].format().ends_with(
      "error: StatefulSet matrix/synapse-generic named in the manifests is not in the live state") == false);
  CHECK(plan.error()[0].message == "Deployment matrix/synapse-generic named in the manifests is not in the live state");
  CHECK(plan.error()[0].where.file == "topology.yaml");
}

TEST_CASE("a workload of another kind is an error naming both kinds") {
  Scenario s = Scenario::in_sync();
  s.pool("synchrotron").workload.kind.value = "StatefulSet";
  auto plan = plan_deployment(s.desired, s.live, {});
  REQUIRE_FALSE(plan);
  CHECK(plan.error()[0].message ==
        "StatefulSet matrix/synapse-synchrotron named in the manifests is not in the live state; live has a Deployment "
        "of that name: set the kind the cluster has, or fix the cluster");
}

TEST_CASE("a container name the workload lacks is an error listing the containers it has") {
  Scenario s = Scenario::in_sync();
  s.desired.element.workload->container = "element";
  auto plan = plan_deployment(s.desired, s.live, {});
  REQUIRE_FALSE(plan);
  CHECK(plan.error()[0].message ==
        "Deployment/matrix/element-web has no container named \"element\" (it has: element-web); set `container:` in topology.yaml");
}
