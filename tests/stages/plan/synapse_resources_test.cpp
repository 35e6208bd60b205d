// Synapse resources (§3.3, the guide's example is main's memory): a change restarts the
// workload in the guide's order, rides with a new image in one restart, and a quantity
// written another way is no change.
#include <doctest/doctest.h>

#include <algorithm>

#include "support/scenario.h"

using namespace synops;
using namespace synops::testing;

namespace {

const std::string kUpdateMain = "update StatefulSet/matrix/synapse-main";
const std::string kUpdateSynchrotron = "update Deployment/matrix/synapse-synchrotron";
const std::string kLi = "update StatefulSet/matrix/synapse-li";

LocatedTree resources(nlohmann::json value) {
  LocatedTree tree;
  tree.value = std::move(value);
  tree.positions[""] = {"topology.yaml", 3, 40};
  return tree;
}

}  // namespace

TEST_CASE("main's memory limit is an update of its container that restarts it, and only the keys written change") {
  Scenario s = Scenario::in_sync();
  s.desired.synapse.main->resources = resources({{"limits", {{"memory", "12Gi"}}}});
  const Plan plan = s.plan();
  REQUIRE(plan.refusals.empty());
  const Action& main = step(plan, kUpdateMain);
  REQUIRE(main.changes.size() == 1);
  CHECK(main.changes[0].path.str() == "/spec/template/spec/containers/0/resources/limits/memory");
  CHECK(main.changes[0].before == "8Gi");
  CHECK(main.changes[0].after == "12Gi");
  CHECK(main.changes[0].reason == "synapse.main.resources in topology.yaml:3:40");
  CHECK(main.restarts_pods);
  CHECK(main.risk == Risk::medium);
  CHECK(main.reason.starts_with("change the resources of main: its pods restart in the guide's order (§3.3)"));
  CHECK(position(plan, kUpdateMain) < position(plan, "wait StatefulSet/matrix/synapse-main"));
  CHECK(std::ranges::find(plan.summary.restarts, std::string("StatefulSet/matrix/synapse-main")) != plan.summary.restarts.end());
}

TEST_CASE("resources of main, a pool and the LI restart in the guide's order: main, the pools, the LI last") {
  Scenario s = Scenario::in_sync();
  s.desired.synapse.li->resources = resources({{"limits", {{"memory", "2Gi"}}}});
  s.pool("synchrotron").workload.resources = resources({{"requests", {{"cpu", "1"}}}});
  s.desired.synapse.main->resources = resources({{"limits", {{"memory", "12Gi"}}}});
  const Plan plan = s.plan();
  CHECK(position(plan, "wait StatefulSet/matrix/synapse-main") < position(plan, kUpdateSynchrotron));
  CHECK(position(plan, "wait Deployment/matrix/synapse-synchrotron") < position(plan, kLi));
  CHECK(step(plan, kUpdateSynchrotron).changes[0].reason == "synapse.workers.synchrotron.resources in topology.yaml:3:40");
}

TEST_CASE("with a new image, resources ride in the same update: one restart per workload") {
  Scenario s = Scenario::example();  // the §2.1 upgrade
  s.desired.synapse.main->resources = resources({{"limits", {{"memory", "12Gi"}}}});
  const Plan plan = s.plan();
  const Action& main = step(plan, kUpdateMain);
  REQUIRE(main.changes.size() == 2);
  CHECK(main.changes[0].path.str() == "/spec/template/spec/containers/0/image");
  CHECK(main.changes[1].path.str() == "/spec/template/spec/containers/0/resources/limits/memory");
  CHECK(std::ranges::count(plan.actions, kUpdateMain, &Action::key) == 1);
}

TEST_CASE("a quantity written another way is no change, so the plan comes out empty") {
  Scenario s = Scenario::in_sync();
  s.desired.synapse.main->resources = resources({{"limits", {{"memory", "8192Mi"}}}, {"requests", {{"cpu", "2000m"}}}});
  const Plan plan = s.plan();
  CHECK_MESSAGE(plan.actions.empty(), steps_text(plan));
}

TEST_CASE("a resources change together with a homeserver.yaml change restarts each workload once") {
  Scenario s = Scenario::in_sync();
  s.desired.synapse.homeserver.value["rc_message"]["per_second"] = 20;
  s.desired.synapse.main->resources = resources({{"limits", {{"memory", "12Gi"}}}});
  const Plan plan = s.plan();
  CHECK_FALSE(std::ranges::any_of(plan.actions, [](const Action& a) {
    return a.type == ActionType::restart && a.target.name == "synapse-main";
  }));
  CHECK(step(plan, kUpdateMain).reason.find("which also reads the new homeserver.yaml") != std::string::npos);
  CHECK(position(plan, "update ConfigMap/matrix/synapse-config") < position(plan, kUpdateMain));
}
