// Synapse resources (§3.3) through the real binary: the §2.1 upgrade with main's memory
// limit raised writes both in main's one update, leaves the keys the manifests do not name as
// they were, and a plan afterwards has nothing left to do.
#include <doctest/doctest.h>

#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

const std::string kResources = "/spec/template/spec/containers/0/resources";

void raise_main_memory(const fs::path& manifests) {
  replace_in(manifests / "topology.yaml", "main: {kind: StatefulSet, name: synapse-main}",
             "main: {kind: StatefulSet, name: synapse-main, resources: {limits: {memory: 12Gi}}}");
}

}  // namespace

TEST_CASE("cli apply: main's memory limit rides with its upgrade, and the next plan is empty") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = write_manifests(world, postgres);
  raise_main_memory(manifests);
  const nlohmann::json requests = world.live_value(kMainStatefulSet, kResources + "/requests");
  const auto applied = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  CHECK(world.live_value(kMainStatefulSet, kResources + "/limits/memory") == "12Gi");
  CHECK(world.live_value(kMainStatefulSet, kResources + "/requests") == requests);
  CHECK(world.live_value(kMainStatefulSet, "/spec/template/spec/containers/0/image") == "matrixdotorg/synapse:v1.120.0");
  const auto again = run_cli(concat({"plan", manifests.string(), "--detailed-exitcode"},
                                    {"--kubeconfig", (world.server.certs() / "kubeconfig-token.yaml").string()}));
  CHECK_MESSAGE(again.code == 0, again.err);
}
