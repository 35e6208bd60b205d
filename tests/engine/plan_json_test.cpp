#include <doctest/doctest.h>

#include "engine/plan_json.h"

using namespace synops;

namespace {

// A plan file as format_version 1 wrote it: a timed pause was a wait with pause_seconds, and
// a CNPG update carried rolling_restart beside restarts_pods.
nlohmann::json version_1_plan() {
  auto action = [](const char* id, const char* type, nlohmann::json params) {
    nlohmann::json out = {{"id", id}, {"type", type}, {"target", {{"kind", "Deployment"}, {"namespace", "matrix"}, {"name", "w"}}},
                          {"changes", nlohmann::json::array()}, {"risk", "low"}, {"depends_on", nlohmann::json::array()}};
    if (!params.is_null()) out["params"] = params;
    return out;
  };
  return {{"format_version", 1},
          {"live_fingerprint", "sha256:abc"},
          {"summary", {{"changes", 0}, {"risk", "low"}, {"restarts", nlohmann::json::array()}, {"backup_required", false},
                       {"maintenance_window", false}, {"refusals", nlohmann::json::array()}}},
          {"actions", {action("a1", "wait", {{"pause_seconds", 60}}),
                       action("a2", "update", {{"rolling_restart", true}, {"restarts_pods", true}}),
                       action("a3", "backup", {{"method", "pg_dump"}}),
                       action("a4", "wait", nullptr)}}};
}

}  // namespace

TEST_CASE("plan file version 1: a wait with pause_seconds is a pause; rolling_restart is read as restarts_pods") {
  auto plan = plan_from_json(version_1_plan(), "v1.json");
  REQUIRE_MESSAGE(plan, (plan ? "" : plan.error().front().message));
  REQUIRE(plan->actions.size() == 4);
  CHECK(plan->actions[0].type == ActionType::pause);
  CHECK(plan->actions[0].pause == std::chrono::seconds(60));
  CHECK(plan->actions[1].restarts_pods);
  CHECK(plan->actions[2].backup_method == BackupMethod::pg_dump);
  CHECK(plan->actions[3].type == ActionType::wait);
  const auto written = plan_to_json(*plan);
  CHECK(written["format_version"] == "3.0");
  CHECK(written["summary"]["maintenance_window"] == "none");  // version 1's false, at low risk
  CHECK(written["actions"][0]["type"] == "pause");
  CHECK(written["actions"][0]["params"].dump() == R"({"pause_seconds":60})");
  CHECK(written["actions"][1]["params"].dump() == R"({"restarts_pods":true})");
}

TEST_CASE("plan file: every step detail reads back as written") {
  Plan plan;
  plan.actions = {Action{.id = "a1", .type = ActionType::update, .target = {"StatefulSet", "matrix", "synapse-federation-sender"},
                         .restarts_pods = true, .restart_mode = RestartMode::stop_start_together},
                  Action{.id = "a2", .type = ActionType::update, .target = {"HelmRelease", "matrix", "redis"},
                         .helm = HelmRevision{4, "redis"}},
                  Action{.id = "a3", .type = ActionType::maintenance, .target = {"Namespace", "", "matrix"}, .maintenance_on = false,
                         .maintenance_method = MaintenanceMethod::scale_to_zero, .workloads = {{"StatefulSet", "matrix", "synapse-main"}}},
                  Action{.id = "a4", .type = ActionType::backup, .target = {"ConfigMap", "matrix", "c"},
                         .backup_method = BackupMethod::object_copy},
                  Action{.id = "a5", .type = ActionType::backup, .target = {"Cluster", "matrix", "pg"},
                         .backup_method = BackupMethod::pg_dump, .database = "li"},
                  Action{.id = "a6", .type = ActionType::maintenance, .target = {"Namespace", "", "matrix"}, .maintenance_on = true,
                         .maintenance_method = MaintenanceMethod::page, .ingress = "synapse-ingress", .page_image = "nginx:alpine"}};
  const auto json = plan_to_json(plan);
  CHECK(json["actions"][0]["params"].dump() == R"({"mode":"stop-start-together","restarts_pods":true})");
  CHECK(json["actions"][1]["params"].dump() == R"({"chart":"redis","revision":4})");
  CHECK(json["actions"][2]["params"].dump() ==
        R"({"method":"scale-to-zero","mode":"off","workloads":[{"kind":"StatefulSet","name":"synapse-main","namespace":"matrix"}]})");
  auto back = plan_from_json(nlohmann::json::parse(json.dump()), "plan.json");
  REQUIRE(back);
  CHECK(back->actions[0].restart_mode == RestartMode::stop_start_together);
  CHECK(back->actions[1].helm == HelmRevision{4, "redis"});
  CHECK(back->actions[2].maintenance_on == false);
  CHECK(back->actions[2].maintenance_method == MaintenanceMethod::scale_to_zero);
  CHECK(back->actions[2].workloads == std::vector<ObjectRef>{{"StatefulSet", "matrix", "synapse-main"}});
  CHECK(back->actions[3].backup_method == BackupMethod::object_copy);
  CHECK(json["actions"][4]["params"].dump() == R"({"database":"li","method":"pg_dump"})");
  CHECK(back->actions[4].database == "li");
  CHECK(back->actions[3].database.empty());
  CHECK(json["actions"][5]["params"].dump() == R"({"image":"nginx:alpine","ingress":"synapse-ingress","method":"page","mode":"on"})");
  CHECK(back->actions[5].maintenance_method == MaintenanceMethod::page);
  CHECK(back->actions[5].ingress == "synapse-ingress");
  CHECK(back->actions[5].page_image == "nginx:alpine");
  CHECK(plan_to_json(*back).dump() == json.dump());
}

TEST_CASE("plan file: an unknown params member or value is an error naming the step") {
  auto unknown = version_1_plan();
  unknown["format_version"] = 2;
  unknown["actions"][1]["params"] = {{"command", "sh -c reboot"}};
  auto plan = plan_from_json(unknown, "p.json");
  REQUIRE_FALSE(plan);
  CHECK(plan.error().front().message == "p.json: not a synops plan file (step a2: unknown params member \"command\")");

  auto rolling = version_1_plan();
  rolling["format_version"] = 2;  // version 2 never writes rolling_restart
  CHECK_FALSE(plan_from_json(rolling, "p.json"));

  auto bad_mode = version_1_plan();
  bad_mode["actions"][1]["params"] = {{"mode", "all-at-once"}};
  auto refused = plan_from_json(bad_mode, "p.json");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().front().message ==
        "p.json: not a synops plan file (step a2: params.mode \"all-at-once\" is not one synops knows)");

  auto bad_database = version_1_plan();
  bad_database["format_version"] = 2;
  bad_database["actions"][1]["params"] = {{"database", "postgres"}};
  auto unknown_database = plan_from_json(bad_database, "p.json");
  REQUIRE_FALSE(unknown_database);
  CHECK(unknown_database.error().front().message ==
        "p.json: not a synops plan file (step a2: params.database \"postgres\" is not one synops knows)");
}

// Issue #15, 7: what apply's preflight would refuse travels with the plan file, so `show` can
// say it; a file written before the member existed reads as having none.
TEST_CASE("plan file: health warnings read back as written; older files have none") {
  Plan plan;
  plan.health_warnings = {
      {{"Cluster", "matrix", "synapse-postgres"}, "not ready: Cluster \"synapse-postgres\": phase \"Failing over\", 2 of 3 instances ready"},
      {{"Pod", "matrix", "synapse-main-0"}, "pod \"synapse-main-0\": container synapse is in CrashLoopBackOff"}};
  const auto json = plan_to_json(plan);
  CHECK(json["health_warnings"][0].dump() ==
        R"({"kind":"Cluster","namespace":"matrix","name":"synapse-postgres","message":"not ready: Cluster \"synapse-postgres\": phase \"Failing over\", 2 of 3 instances ready"})");
  auto back = plan_from_json(nlohmann::json::parse(json.dump()), "plan.json");
  REQUIRE(back);
  CHECK(back->health_warnings == plan.health_warnings);
  CHECK(plan_to_json(*back).dump() == json.dump());
  auto older = nlohmann::json::parse(json.dump());
  older.erase("health_warnings");
  auto read = plan_from_json(older, "older.json");
  REQUIRE(read);
  CHECK(read->health_warnings.empty());
  CHECK(plan_to_json(Plan{})["health_warnings"].dump() == "[]");
}
