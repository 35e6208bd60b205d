// Safety rules that stop a plan: each names the rule, the numbers and the manifest position.
#include <doctest/doctest.h>

#include "stages/plan/manifest_rules.h"
#include "support/scenario.h"

using namespace synops;
using namespace synops::testing;

namespace {

Refusal only_refusal(const Plan& plan) {
  REQUIRE(plan.refusals.size() == 1);
  return plan.refusals.front();
}

}  // namespace

TEST_CASE("Synapse images that do not all match are refused") {
  Scenario s = Scenario::example();
  s.desired.synapse.li_image->value = "matrixdotorg/synapse:v1.118.0";
  const Refusal refusal = only_refusal(s.plan());
  CHECK(refusal.rule == "synapse-images-match");
  CHECK(refusal.where.str() == "values/images.yaml:6:20");
  CHECK(refusal.message ==
        "synapse.li.image is matrixdotorg/synapse:v1.118.0 but synapse.main.image is matrixdotorg/synapse:v1.120.0 "
        "(values/images.yaml:4:20); every Synapse process must run the same version");
}

TEST_CASE("a single-writer stream given several writers is refused") {
  Scenario s = Scenario::in_sync();
  s.pool("event-persister").streams.push_back({"typing", {"topology.yaml", 8, 99}});
  const Refusal refusal = only_refusal(s.plan());
  CHECK(refusal.rule == "single-writer-stream");
  CHECK(refusal.where.str() == "topology.yaml:8:99");
  CHECK(refusal.message.starts_with("stream \"typing\" would have 2 writers"));
}

TEST_CASE("replicas on a workload that an HPA owns are refused; its bounds are managed instead") {
  Scenario s = Scenario::in_sync();
  s.live.add(LiveObject{{"HorizontalPodAutoscaler", "matrix", "synchrotron"}, "autoscaling/v2", "7",
                        {{"apiVersion", "autoscaling/v2"},
                         {"kind", "HorizontalPodAutoscaler"},
                         {"metadata", {{"name", "synchrotron"}, {"namespace", "matrix"}, {"resourceVersion", "7"}}},
                         {"spec", {{"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "synapse-synchrotron"}}},
                                   {"minReplicas", 4}, {"maxReplicas", 8}}}}});
  const Refusal refusal = only_refusal(s.plan());
  CHECK(refusal.rule == "hpa-owns-replicas");
  CHECK(refusal.message.starts_with("HorizontalPodAutoscaler/matrix/synchrotron scales Deployment/matrix/synapse-synchrotron"));

  s.pool("synchrotron").replicas.reset();
  s.pool("synchrotron").hpa = HpaBounds{{4, {}}, {12, {"topology.yaml", 6, 40}}};
  const Plan plan = s.plan();
  CHECK(plan.refusals.empty());
  REQUIRE(plan.actions.size() == 1);
  CHECK(plan.actions[0].key == "update HorizontalPodAutoscaler/matrix/synchrotron");
  CHECK(plan.actions[0].changes[0].path.str() == "/spec/maxReplicas");
  CHECK(plan.actions[0].changes[0].after == 12);
}

TEST_CASE("an HPA on a pool the config names one by one (stream writers, federation senders) is refused, in plan and validate") {
  for (const std::string role : {"event-persister", "federation-sender"}) {
    CAPTURE(role);
    Scenario s = Scenario::in_sync();
    s.pool(role).replicas.reset();
    s.pool(role).hpa = HpaBounds{{2, {"topology.yaml", 8, 30}}, {6, {"topology.yaml", 8, 45}}};
    const Refusal refusal = only_refusal(s.plan());
    CHECK(refusal.rule == "hpa-on-named-pool");
    CHECK(refusal.where.str() == "topology.yaml:8:30");
    CHECK(refusal.message.starts_with("synapse.workers." + role + " sets hpa, but "));
    CHECK(refusal.message.ends_with("an autoscaler would start processes the config does not name and stop ones it does; set a "
                                    "fixed `replicas` instead"));
    const Diagnostics problems = manifest_rule_problems(s.desired);  // what validate reports, with no live state
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message == refusal.message + " (rule hpa-on-named-pool)");
  }
  Scenario stateless = Scenario::in_sync();
  stateless.pool("synchrotron").replicas.reset();
  stateless.pool("synchrotron").hpa = HpaBounds{{4, {}}, {8, {}}};
  CHECK(manifest_rule_problems(stateless.desired).empty());
}
