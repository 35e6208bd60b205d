// The connection budget (§9.5) after the plan and in every state between its steps: the LI's
// own pool and autoscaled pools at their maxReplicas count, max_connections rises before
// anything adds connections and falls after everything that removes them, and a step that
// still breaks it is refused by name.
#include <doctest/doctest.h>

#include <map>

#include "support/scenario.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;

namespace {


void set_live_max_connections(Scenario& s, const std::string& value) {
  s.edit_live("Cluster", "synapse-postgres", [&](nlohmann::json& body) { body["spec"]["postgresql"]["parameters"]["max_connections"] = value; });
}

void set_cp_max(Scenario& s, int cp_max) { s.desired.synapse.homeserver.value["database"]["args"]["cp_max"] = cp_max; }

const Refusal* refusal(const Plan& plan, const std::string& rule) {
  for (const auto& r : plan.refusals)
    if (r.rule == rule) return &r;
  return nullptr;
}

void add_live_hpa(Scenario& s, int max_replicas) {
  s.live.add(LiveObject{{"HorizontalPodAutoscaler", "matrix", "synchrotron"}, "autoscaling/v2", "7",
                        {{"apiVersion", "autoscaling/v2"},
                         {"kind", "HorizontalPodAutoscaler"},
                         {"metadata", {{"name", "synchrotron"}, {"namespace", "matrix"}, {"resourceVersion", "7"}}},
                         {"spec", {{"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "synapse-synchrotron"}}},
                                   {"minReplicas", 4}, {"maxReplicas", max_replicas}}}}});
  s.pool("synchrotron").replicas.reset();
}

// The example's Synapse workloads and their pods; each reads the shared homeserver.yaml
// except the LI, which has its own (cp_max 5).
const std::map<std::string, int> kPods = {
    {"StatefulSet/matrix/synapse-main", 1},          {"Deployment/matrix/synapse-synchrotron", 8},
    {"Deployment/matrix/synapse-generic-worker", 4}, {"StatefulSet/matrix/synapse-event-persister", 2},
    {"StatefulSet/matrix/synapse-federation-sender", 4}, {"StatefulSet/matrix/synapse-media-repository", 2}};

}  // namespace

TEST_CASE("the connection budget counts the LI instance's own pool, naming the numbers") {
  Scenario s = Scenario::in_sync();
  set_cp_max(s, 30);
  const Plan plan = s.plan();
  REQUIRE(plan.refusals.size() == 1);
  const Refusal& r = plan.refusals.front();
  CHECK(r.rule == "connection-budget");
  CHECK(r.where.file == "synapse.yaml");
  // main 1 + synchrotron 8 + generic 4 + event-persister 2 + federation-sender 4 + media 2, and the LI's cp_max 5.
  CHECK(r.message ==
        "21 Synapse processes x cp_max 30 + 1 LI process x cp_max 5 = 635 connections, but max_connections 500 - 3 reserved - "
        "10 headroom leaves 487; lower cp_max, run fewer workers, or raise max_connections");
}

TEST_CASE("the connection budget counts the workers after the change") {
  Scenario s = Scenario::in_sync();
  s.desired.postgres->parameters.value["max_connections"] = "230";
  s.set_replicas("synchrotron", 10);  // 23 x 10 + 5 = 235 > 230 - 13
  const Plan plan = s.plan();
  const Refusal* r = refusal(plan, "connection-budget");
  REQUIRE(r);
  CHECK(r->message.starts_with("23 Synapse processes x cp_max 10 + 1 LI process x cp_max 5 = 235 connections"));
}

TEST_CASE("a pool an autoscaler owns counts at its maxReplicas") {
  Scenario s = Scenario::in_sync();
  add_live_hpa(s, 8);
  CHECK(s.plan().refusals.empty());  // 8 at most, as many as run now
  s.pool("synchrotron").hpa = HpaBounds{{4, {}}, {200, {"topology.yaml", 6, 40}}};
  const Plan plan = s.plan();
  const Refusal* r = refusal(plan, "connection-budget");
  REQUIRE(r);
  CHECK(r->where.str() == "topology.yaml:6:40");
  CHECK(r->message ==
        "213 Synapse processes x cp_max 10 + 1 LI process x cp_max 5 = 2135 connections (counting synchrotron at its "
        "HorizontalPodAutoscaler's maxReplicas 200), but max_connections 500 - 3 reserved - 10 headroom leaves 487; lower "
        "cp_max, run fewer workers, or raise max_connections");
}

// The case: max_connections 500 -> 200 with cp_max 10 -> 8. Planned restart-first,
// 21 x 10 = 210 connections would meet 187 usable slots for several steps.
TEST_CASE("lowering max_connections waits until every Synapse process restarted onto the lower cp_max") {
  Scenario s = Scenario::in_sync();
  s.desired.postgres->parameters.value["max_connections"] = "200";
  set_cp_max(s, 8);
  const Plan plan = s.plan();
  REQUIRE(plan.refusals.empty());

  // Walk the plan as apply runs it: a process holds cp_max 10 until the wait after its
  // restart, then 8; the server allows 500 - 13 until its update starts, then 200 - 13.
  std::map<std::string, int> cp_max;
  for (const auto& [workload, pods] : kPods) cp_max[workload] = 10;
  int usable = 487;
  for (const auto& action : plan.actions) {
    const std::string target = action.target.str();
    if (target == kPostgresClusterKey && action.type == ActionType::update) usable = 187;
    if (action.type == ActionType::wait && cp_max.contains(target)) cp_max[target] = 8;
    int open = 5;  // the LI
    for (const auto& [workload, pods] : kPods) open += pods * cp_max[workload];
    CHECK_MESSAGE(open <= usable, "after " << action.id << " " << action.key << ": " << open << " > " << usable);
  }
  const auto& update = step(plan, "update " + kPostgresClusterKey).depends_on;
  CHECK(std::ranges::count(update, std::string("max-connections-falls-last"), &Dependency::rule) > 0);
  CHECK(position(plan, "wait StatefulSet/matrix/synapse-media-repository") < position(plan, "update " + kPostgresClusterKey));
}

TEST_CASE("raising max_connections goes before the config that raises cp_max") {
  Scenario s = Scenario::in_sync();
  set_live_max_connections(s, "250");  // 237 usable, 215 in use
  s.desired.postgres->parameters.value["max_connections"] = "300";
  set_cp_max(s, 12);  // 21 x 12 + 5 = 257: fits 287, not 237
  const Plan plan = s.plan();
  REQUIRE(plan.refusals.empty());
  CHECK(position(plan, "wait " + kPostgresClusterKey) < position(plan, kUpdateSynapseConfig));
  const auto& config = step(plan, kUpdateSynapseConfig).depends_on;
  CHECK(std::ranges::find(config, Dependency{step(plan, "wait " + kPostgresClusterKey).id, "max-connections-rises-first"}) != config.end());
}

TEST_CASE("a step after which the budget would not hold is refused, naming the step and the numbers") {
  Scenario s = Scenario::in_sync();
  set_cp_max(s, 30);
  s.set_replicas("synchrotron", 1);  // after: 14 x 30 + 5 = 425, fits 487
  const Plan plan = s.plan();
  CHECK_FALSE(refusal(plan, "connection-budget"));
  const Refusal* r = refusal(plan, "connection-budget-step");
  REQUIRE(r);
  // From the write on, any of the 21 processes that restarts reads cp_max 30, and the
  // synchrotrons stop only after their restart (§4.1).
  CHECK(r->where.str() == "synapse.yaml:8:31");
  CHECK(r->message == "after step " + step(plan, kUpdateSynapseConfig).id + " (" + kUpdateSynapseConfig + "), 21 Synapse processes x cp_max 30 + 1 LI "
                      "process x cp_max 5 = 635 connections, but max_connections 500 - 3 reserved - 10 headroom leaves 487; "
                      "synops cannot order these steps to stay inside the budget: split the change, first a plan that "
                      "removes connections, then one that adds them");
}

TEST_CASE("pods started after the config changed count at its new cp_max") {
  Scenario s = Scenario::in_sync();
  set_cp_max(s, 2);
  s.set_replicas("synchrotron", 40);  // at 10 each, 53 x 10 + 5 = 535 would not fit 487
  const Plan plan = s.plan();
  CHECK(position(plan, kUpdateSynapseConfig) < position(plan, "update Deployment/matrix/synapse-synchrotron replicas 40"));
  CHECK(plan.refusals.empty());  // 21 x 10 + 32 x 2 + 5 = 279
}

TEST_CASE("a deployment already over its budget may be brought back under it") {
  Scenario s = Scenario::in_sync();
  set_live_max_connections(s, "200");  // 187 usable, 215 in use
  s.desired.postgres->parameters.value["max_connections"] = "300";
  const Plan plan = s.plan();
  CHECK(plan.refusals.empty());
  CHECK(plan.actions.size() > 0);
}
