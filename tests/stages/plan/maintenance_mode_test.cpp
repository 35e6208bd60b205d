// Maintenance mode (§6.2) as plan steps: around critical changes, and around every change when
// synops.yaml says `maintenance.when: always`; the version check after it, since it needs the
// processes running; and no scaling of Synapse inside it.
#include <doctest/doctest.h>

#include <algorithm>

#include "support/scenario.h"

using namespace synops;
using namespace synops::testing;

namespace {

const std::string kOn = "maintenance Namespace/matrix on";
const std::string kOff = "maintenance Namespace/matrix off";

}  // namespace

TEST_CASE("maintenance when: always wraps a medium plan after its backups, and verifies after leaving") {
  Scenario s = Scenario::example();  // the §2.1 upgrade
  const Plan without = s.plan();
  CHECK_FALSE(std::ranges::any_of(without.actions, [](const Action& a) { return a.type == ActionType::maintenance; }));

  s.desired.maintenance.always = true;
  const Plan plan = s.plan();
  CHECK(plan.summary.risk == without.summary.risk);  // the steps around the changes do not raise the risk
  CHECK(plan.actions.size() == without.actions.size() + 2);
  const size_t on = position(plan, kOn), off = position(plan, kOff);
  CHECK(position(plan, "backup Cluster/matrix/synapse-postgres pg_dump") < on);
  CHECK(on < position(plan, "update StatefulSet/matrix/synapse-main"));
  CHECK(position(plan, "wait StatefulSet/matrix/synapse-li") < off);
  CHECK(off < position(plan, "verify StatefulSet/matrix/synapse-main version"));
  CHECK(step(plan, kOn).reason.find("as synops.yaml asks (maintenance.when: always)") != std::string::npos);
  CHECK(step(plan, "verify StatefulSet/matrix/synapse-main version").depends_on.back() == Dependency{step(plan, kOff).id, "verify-after-maintenance"});
  const auto& main = step(plan, "update StatefulSet/matrix/synapse-main").depends_on;
  CHECK(std::ranges::find(main, Dependency{step(plan, kOn).id, "maintenance-when-always"}) != main.end());
}

TEST_CASE("maintenance when: always leaves a plan without changes empty") {
  Scenario s = Scenario::in_sync();
  s.desired.maintenance.always = true;
  CHECK(s.plan().actions.empty());
}

TEST_CASE("scaling a Synapse pool inside scale-to-zero maintenance mode is refused, with the reason") {
  Scenario s = Scenario::in_sync();
  s.desired.maintenance.always = true;
  s.set_replicas("synchrotron", 2);
  const Plan plan = s.plan();
  REQUIRE(plan.refusals.size() == 1);
  CHECK(plan.refusals[0].rule == "maintenance-scale-to-zero-scaling");
  CHECK(plan.refusals[0].message.starts_with("Deployment/matrix/synapse-synchrotron changes its replicas in a plan that runs in "
                                             "scale-to-zero maintenance mode"));
  s.desired.maintenance.always = false;
  CHECK(s.plan().refusals.empty());  // medium: no maintenance mode, so the scaling is planned
}

TEST_CASE("maintenance mode page: the steps name the Ingress and the page image, and scaling is not refused") {
  Scenario s = Scenario::in_sync();
  s.desired.maintenance = MaintenanceDesired{.method = MaintenanceMethod::page, .always = true, .ingress = "synapse-ingress"};
  s.set_replicas("synchrotron", 2);
  const Plan plan = s.plan();
  CHECK(plan.refusals.empty());  // Synapse keeps running behind the page; its counts are not restored
  const Action& on = step(plan, kOn);
  CHECK(on.maintenance_method == MaintenanceMethod::page);
  CHECK(on.ingress == "synapse-ingress");
  CHECK(on.page_image == "nginx:alpine");
  CHECK(on.workloads.empty());
  CHECK(on.reason.find("(§6.2, page): start the maintenance page (ConfigMap, Deployment and Service maintenance-page, image "
                       "nginx:alpine), wait until it is ready, then point every backend of Ingress synapse-ingress at it") !=
        std::string::npos);
  CHECK(step(plan, kOff).reason == "leave maintenance mode (§6.2): point Ingress synapse-ingress back at the backends it had, then "
                                   "delete the maintenance page");
}
