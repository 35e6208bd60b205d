// Issue #15, 7: the plan carries what apply's preflight would refuse in the state it planned
// from, as warnings that neither refuse the plan nor change its steps, also when it has none.
#include <doctest/doctest.h>

#include "adapters/kubernetes/preflight.h"
#include "support/scenario.h"

using namespace synops;
using namespace synops::testing;

TEST_CASE("health warnings: a Cluster failing over is a warning of the plan, not a refusal; the steps stay the same") {
  auto scenario = Scenario::example();
  const Plan healthy = scenario.plan();
  CHECK(healthy.health_warnings.empty());
  scenario.edit_live("Cluster", "synapse-postgres", [](nlohmann::json& cluster) {
    cluster["status"]["phase"] = "Failing over";
    cluster["status"]["readyInstances"] = 2;
  });
  const Plan plan = scenario.plan();
  REQUIRE(plan.health_warnings.size() == 1);
  CHECK(plan.health_warnings[0].ref == ObjectRef{"Cluster", "matrix", "synapse-postgres"});
  CHECK(plan.health_warnings[0].message == "not ready: Cluster \"synapse-postgres\": phase \"Failing over\", 2 of 3 instances ready");
  // The same words as apply's preflight, from the same function.
  const auto problems = kube::preflight_problems(scenario.live);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message == plan.health_warnings[0].message);
  CHECK_FALSE(plan.refused());
  CHECK(step_keys(plan) == step_keys(healthy));
}

TEST_CASE("health warnings: a plan with no change still says the deployment is not healthy") {
  auto scenario = Scenario::in_sync();
  scenario.edit_live("Pod", "synapse-main-0", [](nlohmann::json& pod) {
    pod["status"]["containerStatuses"][0]["state"] = {{"waiting", {{"reason", "CrashLoopBackOff"}}}};
  });
  const Plan plan = scenario.plan();
  CHECK(plan.empty());
  REQUIRE(plan.health_warnings.size() == 1);
  CHECK(plan.health_warnings[0].ref.str() == "Pod/matrix/synapse-main-0");
}
