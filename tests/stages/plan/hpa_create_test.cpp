// `hpa:` on a pool that no HorizontalPodAutoscaler scales yet (issue #15: 5): the plan creates
// one named after the workload, counts the pool at its maxReplicas, and refuses when that
// name belongs to an HPA of another workload.
#include <doctest/doctest.h>

#include "support/scenario.h"

using namespace synops;
using namespace synops::testing;

namespace {

const std::string kCreate = "create HorizontalPodAutoscaler/matrix/synapse-synchrotron";

void autoscale_synchrotrons(Scenario& s, int max_replicas) {
  s.pool("synchrotron").replicas.reset();
  s.pool("synchrotron").hpa = HpaBounds{{4, {"topology.yaml", 6, 30}}, {max_replicas, {"topology.yaml", 6, 50}}};
}

}  // namespace

TEST_CASE("hpa with no HorizontalPodAutoscaler live plans its creation, with the bounds and the target") {
  Scenario s = Scenario::in_sync();
  autoscale_synchrotrons(s, 12);
  const Plan plan = s.plan();
  REQUIRE(plan.refusals.empty());
  REQUIRE(plan.actions.size() == 1);
  const Action& create = step(plan, kCreate);
  CHECK(create.type == ActionType::create);
  CHECK(create.risk == Risk::low);
  REQUIRE(create.changes.size() == 3);
  CHECK(create.changes[0].path.str() == "/spec/scaleTargetRef");
  CHECK(create.changes[0].before.is_null());
  CHECK(create.changes[0].after == nlohmann::json{{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "synapse-synchrotron"}});
  CHECK(create.changes[1].after == 4);
  CHECK(create.changes[2].after == 12);
  CHECK(create.changes[2].reason == "synapse.workers.synchrotron.hpa.maxReplicas in topology.yaml:6:50");
  CHECK(create.reason.find("80% average CPU utilization") != std::string::npos);
}

TEST_CASE("a created HorizontalPodAutoscaler counts at its maxReplicas in the connection budget") {
  Scenario s = Scenario::in_sync();
  autoscale_synchrotrons(s, 60);  // 73 x 10 + 5 = 735 > 487
  const Plan plan = s.plan();
  REQUIRE(plan.refusals.size() == 1);
  CHECK(plan.refusals[0].rule == "connection-budget");
  CHECK(plan.refusals[0].where.str() == "topology.yaml:6:50");
  CHECK(plan.refusals[0].message.find("(counting synchrotron at its HorizontalPodAutoscaler's maxReplicas 60)") != std::string::npos);
}

TEST_CASE("the name of the HPA synops would create, taken by one that scales another workload, is refused") {
  Scenario s = Scenario::in_sync();
  autoscale_synchrotrons(s, 12);
  s.live.add(LiveObject{{"HorizontalPodAutoscaler", "matrix", "synapse-synchrotron"}, "autoscaling/v2", "7",
                        {{"apiVersion", "autoscaling/v2"},
                         {"kind", "HorizontalPodAutoscaler"},
                         {"metadata", {{"name", "synapse-synchrotron"}, {"namespace", "matrix"}, {"resourceVersion", "7"}}},
                         {"spec", {{"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "other"}}},
                                   {"minReplicas", 1}, {"maxReplicas", 2}}}}});
  const Plan plan = s.plan();
  REQUIRE(plan.refusals.size() == 1);
  CHECK(plan.refusals[0].rule == "hpa-name-taken");
  CHECK(plan.refusals[0].where.str() == "topology.yaml:6:30");
}
