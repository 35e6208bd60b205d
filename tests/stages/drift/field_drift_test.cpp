// Field drift: what a plan would change, one item per field, and nothing else.
#include <doctest/doctest.h>

#include "support/drift_scenario.h"
#include "stages/drift/field_drift.h"

namespace synops::testing {
namespace {

TEST_CASE("the settled example has no drift of any kind") {
  const DriftReport report = drift_of(settled());
  CHECK(lines_of(report).empty());
  CHECK(report.warnings.empty());
}

TEST_CASE("the shipped example drifts in the seven Synapse images and nothing else") {
  const DriftReport report = drift_of(Scenario::example());
  REQUIRE(report.items.size() == 7);
  for (const auto& item : report.items) {
    CHECK(item.kind == DriftKind::field);
    CHECK(item.path == "/spec/template/spec/containers/0/image");
    CHECK(item.live == "matrixdotorg/synapse:v1.119.0");
    CHECK(item.desired == "matrixdotorg/synapse:v1.120.0");
    CHECK(item.where.file == "values/images.yaml");
  }
}

TEST_CASE("a replica count changed live is one field item, at its manifest position") {
  Scenario s = settled();
  s.edit_live("StatefulSet", "synapse-media-repository", [](nlohmann::json& body) { body["spec"]["replicas"] = 5; });
  const DriftReport report = drift_of(s);
  // The plan scales down 5 -> 3 -> 2 in two steps; drift reports where it is and where it should be.
  CHECK(lines_of(report) == std::vector<std::string>{"field StatefulSet/matrix/synapse-media-repository /spec/replicas: 5 -> 2"});
  CHECK(report.items[0].where == s.pool("media-repository").replicas->at);
}

TEST_CASE("owned homeserver.yaml keys drift with their path into the document") {
  Scenario s = settled();
  s.set_live_homeserver([](std::string& text) {
    text.replace(text.find("per_second: 10\n  burst_count: 50"), 14, "per_second: 20");
  });
  CHECK(lines_of(drift_of(s)) ==
        std::vector<std::string>{"field ConfigMap/matrix/synapse-config /data/homeserver.yaml#/rc_message/per_second: 20 -> 10"});
}

TEST_CASE("a credential that drifts is marked sensitive") {
  Scenario s = settled();
  s.desired.synapse.homeserver.value["redis"]["password"] = "fake-password-not-real";
  const DriftReport report = drift_of(s);
  REQUIRE(report.items.size() == 1);
  CHECK(report.items[0].path == "/data/homeserver.yaml#/redis/password");
  CHECK(report.items[0].sensitive);
}

// The HPA owns the replicas of its target (§4.1): synops never fights it, so a replica count
// the HPA chose is never drift.
void add_synchrotron_hpa(Scenario& s) {
  s.live.add(LiveObject{{"HorizontalPodAutoscaler", "matrix", "synchrotron"}, "autoscaling/v2", "7",
                        {{"apiVersion", "autoscaling/v2"},
                         {"kind", "HorizontalPodAutoscaler"},
                         {"metadata", {{"name", "synchrotron"}, {"namespace", "matrix"}}},
                         {"spec", {{"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "synapse-synchrotron"}}},
                                   {"minReplicas", 4}, {"maxReplicas", 12}}}}});
  s.edit_live("Deployment", "synapse-synchrotron", [](nlohmann::json& body) { body["spec"]["replicas"] = 11; });
}

TEST_CASE("replicas of an HPA-owned workload are never drift") {
  Scenario s = settled();
  add_synchrotron_hpa(s);
  s.pool("synchrotron").replicas.reset();
  s.pool("synchrotron").hpa = HpaBounds{{4, {}}, {12, {}}};
  const DriftReport report = drift_of(s);
  CHECK(report.in_sync());
  CHECK(report.warnings.empty());
}

TEST_CASE("replicas set for an HPA-owned workload: a warning, still no drift") {
  Scenario s = settled();
  add_synchrotron_hpa(s);  // the manifests keep replicas: 8, which the plan refuses
  const DriftReport report = drift_of(s);
  CHECK(report.in_sync());
  REQUIRE(report.warnings.size() == 1);
  CHECK(report.warnings[0].find("[hpa-owns-replicas]") != std::string::npos);
}

TEST_CASE("field_drift merges the steps of one field into one item") {
  Plan plan;
  auto step = [](std::int64_t from, std::int64_t to) {
    Action action;
    action.type = ActionType::update;
    action.target = {"Deployment", "matrix", "synapse-synchrotron"};
    action.changes.push_back({{"/spec/replicas", ""}, from, to, false, "replicas", {"topology.yaml", 4, 60}});
    return action;
  };
  plan.actions = {step(8, 6), step(6, 4), step(4, 3)};
  Action restart;
  restart.type = ActionType::restart;
  plan.actions.push_back(restart);
  const auto items = field_drift(plan);
  REQUIRE(items.size() == 1);
  CHECK(items[0].live == 8);
  CHECK(items[0].desired == 3);
  CHECK(items[0].where.str() == "topology.yaml:4:60");
}

}  // namespace
}  // namespace synops::testing
