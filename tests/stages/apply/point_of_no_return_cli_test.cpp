// The point of no return through the real binary, against the test API server's pods: an
// image that was never pulled crossed nothing and is undone (exit 4); one that started and
// crash-loops may have migrated the schema, so main stays and the run stops there (exit 5)
// with the ways on; `rollback --through-barrier` then undoes it, freeing the stuck pod.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>

#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "support/example_objects.h"
#include "support/stopwatch.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {


// apply with a step timeout far above what a rollout takes here: a wait that ends early ended
// because the rollout could not progress, not because time ran out.
Finished apply_slow_timeout(const ApplyWorld& world, const fs::path& manifests) {
  return run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world, "300")));
}

}  // namespace

TEST_CASE("cli apply: a main image that cannot be pulled fails at once and is fully undone (exit 4)") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world({"--unpullable-image", "v1.120.0", "--forced-rollback"});
  const Plan before = world.plan();
  const fs::path manifests = write_manifests(world, postgres);
  const auto start = std::chrono::steady_clock::now();
  const auto failed = apply_slow_timeout(world, manifests);
  CHECK_MESSAGE(failed.code == 4, failed.err);
  CHECK(seconds_since(start) < 300);  // the 300 s timeout was not what ended the wait
  CHECK(says(failed, "(wait StatefulSet/matrix/synapse-main) failed: StatefulSet matrix/synapse-main cannot roll out: pod synapse-main-0: container "));
  CHECK((says(failed, "is in ErrImagePull") || says(failed, "is in ImagePullBackOff")));
  CHECK(says(failed, "a4 (update StatefulSet/matrix/synapse-main) did not reach its point of no return"));
  CHECK(says(failed, "delete pod synapse-main-0"));
  CHECK(says(failed, "Rolled back"));
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
  CHECK(plan_keys(world.plan()) == plan_keys(before));
}

TEST_CASE("cli apply: a main image that starts and crash-loops stays at the point of no return (exit 5); rollback --through-barrier undoes it") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world({"--bad-image", "v1.120.0", "--forced-rollback"});
  const Plan before = world.plan();
  const fs::path manifests = write_manifests(world, postgres);
  const auto start = std::chrono::steady_clock::now();
  const auto stopped = apply_slow_timeout(world, manifests);
  CHECK_MESSAGE(stopped.code == 5, stopped.err);
  CHECK(seconds_since(start) < 300);
  CHECK(says(stopped, "cannot roll out: pod synapse-main-0: container "));
  CHECK(says(stopped, "is in CrashLoopBackOff (restarted "));
  CHECK(says(stopped, "Rolled back as far as the point of no return, and stopped there:"));
  CHECK(says(stopped, "  - point of no return: a4 (update StatefulSet/matrix/synapse-main) is not undone: main migrates the database schema"));
  CHECK(says(stopped, "  - to go on: fix the cause, then run synops resume; it carries on from the step that failed"));
  CHECK(says(stopped, "restore the backups taken before a4; a1 (pg_dump): pg_restore --clean --if-exists --host="));
  CHECK(says(stopped, ".a1.pg_dump; a2 (a copy of ConfigMap/matrix/synapse-config): "));  // homeserver.yaml before the upgrade (§2.1)
  CHECK(says(stopped, ", then run synops rollback --through-barrier"));
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");  // left in place
  CHECK(all_journals(world.journal_dir()).find("\"outcome\":\"stopped-at-barrier\"") != std::string::npos);

  // A plain rollback stops at the same place, and says so.
  const auto again = run_cli(concat({"rollback", manifests.string()}, cluster_args(world)));
  CHECK_MESSAGE(again.code == 1, again.err);
  CHECK(says(again, "point of no return: a4 (update StatefulSet/matrix/synapse-main) is not undone"));
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");

  // Through the barrier: the template is restored and the crash-looping pod deleted, so the
  // StatefulSet rolls back instead of waiting for a pod that never becomes ready.
  const auto through = run_cli(concat({"rollback", manifests.string(), "--through-barrier"}, cluster_args(world)));
  CHECK_MESSAGE(through.code == 0, through.err);
  CHECK(says(through, "delete pod synapse-main-0"));
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
  CHECK(plan_keys(world.plan()) == plan_keys(before));
}
