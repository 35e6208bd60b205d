// import, then plan and drift of what it wrote against the same live state, through the real
// binary: nothing to change, nothing drifted.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/run_synops.h"
#include "support/skip.h"
#include "support/slurp.h"
#include "support/api_server.h"

namespace synops::testing {
namespace {

namespace fs = std::filesystem;

// import LIVE into a new directory, then plan and drift it with --live LIVE: LIVE lies outside
// the directory, so its synops.yaml may not name it (docs/manifests.md, Paths).
void check_round_trip(const std::string& live) {
  ScratchDir dir;
  const std::string out = dir.path().string() + "/imported";
  const auto imported = run_synops("import --live '" + live + "' --out '" + out + "'");
  REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);
  CHECK(imported.out.empty());  // files are the product; stdout stays clean
  CHECK(imported.err.ends_with("Check it with: synops plan " + out + " --live " + live + "\n"));
  CHECK(slurp(out + "/synops.yaml").find("live:") == std::string::npos);
  const auto plan = run_synops("plan '" + out + "' --live '" + live + "' --detailed-exitcode");
  INFO("plan stderr: " << plan.err << "\nimported topology.yaml:\n" << slurp(out + "/topology.yaml"));
  CHECK(plan.exit_code == 0);
  CHECK(plan.out == "No changes. The live state matches the manifests.\n");
  const auto drift = run_synops("drift '" + out + "' --live '" + live + "' --format json");
  CHECK(drift.exit_code == 0);
  CHECK(nlohmann::json::parse(drift.out)["in_sync"] == true);
}

TEST_CASE("import of the example, then plan and drift of it: no changes, no drift") {
  check_round_trip(std::string(SYNOPS_SOURCE_DIR) + "/examples/matrix/live/cluster.json");
}

TEST_CASE("import of a snapshot inside the output directory names it in live.snapshot") {
  ScratchDir dir;
  const std::string out = dir.path().string() + "/imported";
  fs::create_directories(out + "/live");
  fs::copy_file(std::string(SYNOPS_SOURCE_DIR) + "/examples/matrix/live/cluster.json", out + "/live/cluster.json");
  const auto imported = run_synops("import --live '" + out + "/live/cluster.json' --out '" + out + "'");
  REQUIRE_MESSAGE(imported.exit_code == 0, imported.err);
  CHECK(imported.err.ends_with("Check it with: synops plan " + out + "\n"));
  CHECK(slurp(out + "/synops.yaml").find("live: {snapshot: live/cluster.json}") != std::string::npos);
  const auto plan = run_synops("plan '" + out + "' --detailed-exitcode");
  CHECK_MESSAGE(plan.exit_code == 0, plan.err);
}

TEST_CASE("import refuses to overwrite manifests, and needs live state") {
  ScratchDir dir;
  const std::string live = "examples/matrix/live/cluster.json";
  REQUIRE(run_synops("import --live " + live + " --out '" + dir.path().string() + "'").exit_code == 0);
  const auto again = run_synops("import --live " + live + " --out '" + dir.path().string() + "'");
  CHECK(again.exit_code == 1);
  CHECK(again.err == "error: " + dir.path().string() + "/synops.yaml exists; import writes into a new or empty directory only\n");
  const auto no_live = run_synops("import --out '" + dir.path().string() + "/other' --kubeconfig /nonexistent/kubeconfig");
  CHECK(no_live.exit_code == 1);
  CHECK(no_live.err.find("/nonexistent/kubeconfig") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path().string() + "/other"));
}

// A large generated deployment, when the benchmark generator is built (bench/).
TEST_SUITE("needs generate_deployment") {
TEST_CASE("import of a generated large deployment, then plan of it: no changes") {
  const fs::path generator = fs::path(SYNOPS_BINARY).parent_path().parent_path() / "bench" / "generate_deployment";
  if (!fs::exists(generator))
    synops::testing::skip_test(generator.string() + " is not built (cmake --build ... --target generate_deployment)");
  ScratchDir dir;
  const std::string command = "'" + generator.string() + "' --size 2000 --seed 7 --out '" + dir.path().string() + "/generated' 2>/dev/null";
  REQUIRE(std::system(command.c_str()) == 0);
  check_round_trip(dir.path().string() + "/generated/live/cluster.json");
}
}  // TEST_SUITE("needs generate_deployment")

}  // namespace
}  // namespace synops::testing
