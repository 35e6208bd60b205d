// A homeserver.yaml change that makes Synapse crash at start, through the real binary: the
// test API server's pods crash when the ConfigMap they read at start holds the bad value
// (--bad-config). The first restart crash-loops, so the wait fails at once instead of at the
// step timeout; rollback restores the ConfigMap, restarts what the run restarted, and deletes
// the StatefulSet pod left crash-looping on the undone revision (an OrderedReady StatefulSet
// never replaces it), so the run ends rolled back with exit 4.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <fstream>

#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

const std::string kBadRate = "per_second: 0.123";

void replace_all(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = slurp(file);
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  std::ofstream(file) << text;
}

}  // namespace

TEST_CASE("cli apply: a homeserver.yaml change that makes main crash-loop fails at once and is rolled back (exit 4)") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world({"--bad-config", kBadRate});
  const Plan before = world.plan();
  const fs::path manifests = write_manifests(world, postgres);
  replace_all(manifests / "values/images.yaml", "synapse:v1.120.0", "synapse:v1.119.0");  // a config change only
  replace_all(manifests / "synapse.yaml", "per_second: 10", kBadRate);
  const auto args = concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world, "300"));
  const auto start = std::chrono::steady_clock::now();
  const auto failed = run_cli(args);
  CHECK_MESSAGE(failed.code == 4, failed.err);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(300));  // not ended by the timeout
  CHECK(says(failed, "(wait StatefulSet/matrix/synapse-main) failed: StatefulSet matrix/synapse-main cannot roll out: pod synapse-main-0: "
                     "container "));
  CHECK(says(failed, "is in CrashLoopBackOff"));
  CHECK(says(failed, "delete pod synapse-main-0 ("));  // why: CrashLoopBackOff, or not ready between two crashes
  CHECK(says(failed, "StatefulSet matrix/synapse-main does not replace a pod left on an older revision by itself"));
  CHECK(says(failed, "Rolled back"));
  CHECK(world.live_value(kSynapseConfigMap, "/data/homeserver.yaml").get<std::string>().find(kBadRate) == std::string::npos);
  CHECK(plan_keys(world.plan()) == plan_keys(before));
}
