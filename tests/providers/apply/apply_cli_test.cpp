// The real synops binary against the Kubernetes API test server: kill -9 at step
// boundaries then `resume` or `rollback`, Ctrl-C, and the exit code of a rolled-back apply.
#include <doctest/doctest.h>

#include <csignal>
#include <fstream>

#include "apply_fixture.h"
#include "cli_run.h"
#include "providers/apply/apply_lock.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

const ObjectRef kMain{"StatefulSet", "matrix", "synapse-main"};
const ObjectRef kSynchrotron{"Deployment", "matrix", "synapse-synchrotron"};
const ObjectRef kConfig{"ConfigMap", "matrix", "synapse-config"};
const std::string kCanary = "CANARY-s3cr3t-cli-4b2e";
const std::string kImage = "/spec/template/spec/containers/0/image";

}  // namespace

TEST_CASE("cli apply: kill -9 at a step boundary, then resume reaches the same end state") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  for (const std::string at : {"[2/", "[6/", "[11/"}) {
    CAPTURE(at);
    ApplyWorld world;
    const fs::path manifests = write_manifests(world, postgres);
    const auto killed = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)), at);
    REQUIRE_MESSAGE(killed.code == -1, killed.err);
    const auto journal = (manifests / ".synops/journal").string();
    // A second apply is refused while the killed run's journal is unfinished.
    const auto second = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
    CHECK_MESSAGE(second.code == 3, second.err);
    const auto resumed = run_cli(concat({"resume", "--journal", journal}, cluster_args(world)));
    CHECK_MESSAGE(resumed.code == 0, resumed.err);
    CHECK(world.plan().empty());
    CHECK(world.live_value(kMain, kImage) == "matrixdotorg/synapse:v1.120.0");
  }
}

TEST_CASE("cli apply: kill -9, then rollback DIR returns to the start") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const Plan before = world.plan();
  const fs::path manifests = write_manifests(world, postgres);
  const auto killed = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)), "[7/");
  REQUIRE_MESSAGE(killed.code == -1, killed.err);
  // The manifest directory alone finds the journal apply wrote beside it.
  const auto rolled = run_cli(concat({"rollback", manifests.string()}, cluster_args(world)));
  CHECK_MESSAGE(rolled.code == 0, rolled.err);
  CHECK(plan_keys(world.plan()) == plan_keys(before));
  CHECK(world.live_value(kMain, kImage) == "matrixdotorg/synapse:v1.119.0");
}

TEST_CASE("cli apply: Ctrl-C stops cleanly with exit 1 and says how to go on") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = write_manifests(world, postgres);
  const auto stopped = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)), "[4/", SIGINT);
  CHECK(stopped.code == 1);
  CHECK(stopped.err.find("interrupted; run synops resume or synops rollback") != std::string::npos);
}

TEST_CASE("cli apply: a failed rollout exits 4 after rolling back; without approval nothing happens") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world({"--bad-image", "v1.120.0"});
  const fs::path manifests = write_manifests(world, postgres);
  const auto unapproved = run_cli(concat({"apply", manifests.string()}, cluster_args(world)));  // stdin is empty
  CHECK(unapproved.code == 1);
  CHECK(unapproved.err.find("Apply cancelled.") != std::string::npos);
  auto args = concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world));
  args[args.size() - 3] = "2";  // --timeout 2
  const auto failed = run_cli(args);
  CHECK_MESSAGE(failed.code == 4, failed.err);
  CHECK(failed.err.find("Rolled back") != std::string::npos);
  CHECK(world.live_value(kMain, kImage) == "matrixdotorg/synapse:v1.119.0");
}

TEST_CASE("cli force-unlock: only the holder's id releases the lock") {
  ApplyWorld world;
  REQUIRE(apply::ApplyLock::acquire(world.client, "matrix", "feedfacefeedface"));
  const auto kubeconfig = (world.server.certs() / "kubeconfig-token.yaml").string();
  const auto wrong = run_cli({"force-unlock", "0123456789abcdef", "--kubeconfig", kubeconfig, "--namespace", "matrix"});
  CHECK(wrong.code == 1);
  CHECK(wrong.err.find("held by feedfacefeedface") != std::string::npos);
  const auto right = run_cli({"force-unlock", "feedfacefeedface", "--kubeconfig", kubeconfig, "--namespace", "matrix"});
  CHECK_MESSAGE(right.code == 0, right.err);
}

TEST_CASE("cli apply PLANFILE: refused with exit 3 once an object it read changed; a fresh one applies; no secret anywhere") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  // A secret in homeserver.yaml, and a plan that rewrites that file.
  auto config = world.client.get(kConfig);
  REQUIRE(config);
  nlohmann::json body = (*config)->body.json();
  body["data"]["homeserver.yaml"] = body["data"]["homeserver.yaml"].get<std::string>() + "form_secret: \"" + kCanary + "\"\n";
  world.server.admin("POST", "/_test/objects", body.dump());
  const fs::path manifests = write_manifests(world, postgres);
  std::ofstream(manifests / "synapse.yaml") << "synapse:\n  configMap: synapse-config\n  homeserver:\n"
                                              "    rc_message: {per_second: 30, burst_count: 50}\n    database: {args: {cp_max: 10}}\n";
  const std::string plan_file = (manifests / "plan.json").string();
  const auto kubeconfig = (world.server.certs() / "kubeconfig-token.yaml").string();
  const auto planned = run_cli({"plan", manifests.string(), "--out", plan_file, "--kubeconfig", kubeconfig});
  REQUIRE_MESSAGE(planned.code == 0, planned.err);
  REQUIRE(world.client.merge_patch(kSynchrotron, {{"metadata", {{"labels", {{"touched", "yes"}}}}}}, ""));
  const auto stale = run_cli(concat({"apply", plan_file}, cluster_args(world)));
  CHECK_MESSAGE(stale.code == 3, stale.err);
  CHECK(stale.err.find("Deployment matrix/synapse-synchrotron changed since the plan was made") != std::string::npos);
  CHECK(world.live_value(kMain, kImage) == "matrixdotorg/synapse:v1.119.0");

  const auto replanned = run_cli({"plan", manifests.string(), "--out", plan_file, "--kubeconfig", kubeconfig});
  REQUIRE_MESSAGE(replanned.code == 0, replanned.err);
  const auto applied = run_cli(concat({"apply", plan_file}, cluster_args(world)));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  CHECK(world.live_value(kConfig, "/data/homeserver.yaml").get<std::string>().find("per_second: 30") != std::string::npos);
  CHECK(world.live_value(kMain, kImage) == "matrixdotorg/synapse:v1.120.0");
  for (const auto* text : {&planned.err, &stale.err, &replanned.err, &applied.err}) CHECK(text->find(kCanary) == std::string::npos);
  CHECK(slurp(plan_file).find(kCanary) == std::string::npos);
  CHECK(all_journals(manifests / ".synops/journal").find(kCanary) == std::string::npos);
}
