// The verify step keeps the plan's word: every pod of every upgraded Synapse workload must
// answer its version through the API server's pod proxy. A wrong answer fails the step; main's
// new version has run by then, so rollback stops at its point of no return (exit 5) and names
// the backup; once the cause is fixed, `synops resume` carries on and finishes.
#include <doctest/doctest.h>

#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {


}  // namespace

TEST_CASE("cli apply: every Synapse pod reports the new version through the pod proxy; the run says how many") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = write_manifests(world, postgres);
  const auto applied = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  CHECK(says(applied, "7 upgraded workloads run their new image and are ready; "));
  CHECK(says(applied, " Synapse pods report the version of their image"));
  int pods_asked = 0;  // distinct pods asked, from the server's counts by verb and path
  const nlohmann::json counts = world.server.requests()["counts"];
  for (auto request = counts.begin(); request != counts.end(); ++request)
    pods_asked += request.key().starts_with("GET /api/v1/namespaces/matrix/pods/synapse-") &&
                  request.key().ends_with(":8008/proxy/_matrix/federation/v1/version");
  CHECK(pods_asked >= 7);  // at least one pod of each upgraded workload
  CHECK(world.plan().empty());
}

TEST_CASE("cli apply: a pod that reports another version fails verify; rollback stops at main's point of no return; resume finishes") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = write_manifests(world, postgres);
  world.server.admin("POST", "/_test/faults",
                     R"({"rules": [{"type": "version", "version": "1.119.0", "count": 1,
                                    "path": "/api/v1/namespaces/matrix/pods/synapse-main-0"}]})");
  const auto stopped = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
  CHECK_MESSAGE(stopped.code == 5, stopped.err);
  CHECK(says(stopped, "(verify StatefulSet/matrix/synapse-main) failed: verification failed: pod synapse-main-0 reports Synapse "
                      "1.119.0, the plan upgraded StatefulSet matrix/synapse-main to 1.120.0"));
  CHECK(says(stopped, "point of no return: a4 (update StatefulSet/matrix/synapse-main) is not undone"));
  CHECK(says(stopped, "not undone either, so that no process runs an older version than synapse-main: a6, a8, a10, a12, a14, a16"));
  CHECK(says(stopped, "restore the backups taken before a4; a1 (pg_dump): pg_restore --clean --if-exists"));
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
  // The fault fired once: the pod answers its true version now, so resume verifies and finishes.
  const auto resumed = run_cli(concat({"resume", manifests.string()}, cluster_args(world)));
  CHECK_MESSAGE(resumed.code == 0, resumed.err);
  CHECK(says(resumed, "Apply complete."));
  CHECK(world.plan().empty());
}
