#include <doctest/doctest.h>

#include "engine/plan_builder.h"
#include "engine/plan_json.h"

using namespace synops;

namespace {

PlanDraft sample_draft() {
  PlanDraft draft;
  draft.actions.push_back(Action{.key = "update StatefulSet/matrix/synapse-main", .type = ActionType::update,
                                 .target = {"StatefulSet", "matrix", "synapse-main"},
                                 .changes = {{{"/spec/template/spec/containers/0/image", ""}, "v1", "v2", false, "image", {}}},
                                 .risk = Risk::medium, .reason = "upgrade main first",
                                 .restarts_pods = true});
  draft.actions.push_back(Action{.key = "backup Cluster/matrix/pg database", .type = ActionType::backup,
                                 .target = {"Cluster", "matrix", "pg"}, .risk = Risk::low, .reason = "pg_dump"});
  draft.actions.push_back(Action{.key = "wait StatefulSet/matrix/synapse-main", .type = ActionType::wait,
                                 .target = {"StatefulSet", "matrix", "synapse-main"}, .risk = Risk::medium});
  draft.edges = {{"backup Cluster/matrix/pg database", "update StatefulSet/matrix/synapse-main", "backups-first"},
                 {"update StatefulSet/matrix/synapse-main", "wait StatefulSet/matrix/synapse-main", "wait-until-ready"}};
  draft.refusals = {{"z-rule", "second", {}}, {"a-rule", "first", {"a.yaml", 1, 2}}};
  return draft;
}

}  // namespace

TEST_CASE("build_plan orders, numbers and links the steps") {
  auto plan = build_plan(sample_draft(), "sha256:abc");
  REQUIRE(plan);
  REQUIRE(plan->actions.size() == 3);
  CHECK(plan->actions[0].type == ActionType::backup);
  CHECK(plan->actions[0].id == "a1");
  CHECK(plan->actions[1].key == "update StatefulSet/matrix/synapse-main");
  REQUIRE(plan->actions[1].depends_on.size() == 1);
  CHECK(plan->actions[1].depends_on[0] == Dependency{"a1", "backups-first"});
  CHECK(plan->actions[2].depends_on[0] == Dependency{"a2", "wait-until-ready"});
}

TEST_CASE("the summary counts changes, risk, restarts and backups") {
  auto plan = build_plan(sample_draft(), "sha256:abc");
  REQUIRE(plan);
  CHECK(plan->summary.changes == 1);
  CHECK(plan->summary.risk == Risk::medium);
  CHECK(plan->summary.restarts == std::vector<std::string>{"StatefulSet/matrix/synapse-main"});
  CHECK(plan->summary.backup_required);
  CHECK_FALSE(plan->summary.maintenance_window);
  CHECK(plan->refusals.front().rule == "a-rule");
}

TEST_CASE("the plan JSON follows the contract and reads back unchanged") {
  auto plan = build_plan(sample_draft(), "sha256:abc");
  REQUIRE(plan);
  const auto json = plan_to_json(*plan);
  CHECK(json["format_version"] == std::string(kPlanFormat));
  CHECK(json["summary"]["maintenance_window"] == "recommended");
  CHECK(json["live_fingerprint"] == "sha256:abc");
  CHECK(json["summary"]["risk"] == "medium");
  CHECK(json["actions"][1]["depends_on"] == nlohmann::json{"a1"});
  CHECK(nlohmann::json::parse(json["actions"][1]["target"].dump()) == nlohmann::json{{"kind", "StatefulSet"}, {"namespace", "matrix"}, {"name", "synapse-main"}});
  CHECK(json["actions"][1]["changes"][0]["path"] == "/spec/template/spec/containers/0/image");
  auto back = plan_from_json(nlohmann::json::parse(json.dump()), "plan.json");
  REQUIRE(back);
  CHECK(plan_to_json(*back).dump() == json.dump());
}

TEST_CASE("sensitive values never reach the plan JSON") {
  PlanDraft draft;
  draft.actions.push_back(Action{.key = "update ConfigMap/m/c", .target = {"ConfigMap", "m", "c"},
                                 .changes = {{{"/data/x", "/database/args/password"}, "old-secret", "new-secret", true, "", {}}}});
  auto plan = build_plan(std::move(draft), "");
  REQUIRE(plan);
  const std::string text = plan_to_json(*plan).dump();
  CHECK(text.find("secret\"") == std::string::npos);
  CHECK(text.find("(sensitive)") != std::string::npos);
}

TEST_CASE("a plan file of another format version is refused, with the way on") {
  for (const nlohmann::json& version : {nlohmann::json(3), nlohmann::json("4.0"), nlohmann::json("3"), nlohmann::json("v3.0")}) {
    CAPTURE(version.dump());
    auto plan = plan_from_json(nlohmann::json{{"format_version", version}}, "new.json");
    REQUIRE_FALSE(plan);
    CHECK(plan.error()[0].message == "new.json: plan format_version " + version.dump() +
                                         " is not one this synops reads (1, 2 and \"3.x\", writing \"3.0\"): make the plan again with this "
                                         "synops (synops plan DIR --out FILE), or read it with the synops that made it");
  }
}

TEST_CASE("format 3: a later minor version is read (its additions are optional); the maintenance window is a level") {
  auto plan = build_plan(sample_draft(), "sha256:abc");
  REQUIRE(plan);
  auto json = nlohmann::json::parse(plan_to_json(*plan).dump());
  json["format_version"] = "3.7";
  json["summary"]["maintenance_window"] = "required";
  auto back = plan_from_json(json, "later.json");
  REQUIRE(back);
  CHECK(back->summary.maintenance_window);
  json["summary"]["maintenance_window"] = true;  // version 2's boolean is not a level
  CHECK_FALSE(plan_from_json(json, "later.json"));
  json["summary"]["maintenance_window"] = "sometimes";
  auto wrong = plan_from_json(json, "later.json");
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error()[0].message ==
        "later.json: not a synops plan file (summary.maintenance_window \"sometimes\" is not one of none, recommended, required)");
}
