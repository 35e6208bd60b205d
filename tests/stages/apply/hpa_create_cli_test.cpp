// A pool given `hpa:` with no HorizontalPodAutoscaler live (issue #15: 5): the plan creates
// one and apply does, labelled as synops's; the next plan is empty, and a rollback of a run
// killed at that step leaves no HPA behind.
#include <doctest/doctest.h>

#include "support/apply_fixture.h"
#include "support/cli_run.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

const ObjectRef kHpa{"HorizontalPodAutoscaler", "matrix", "synapse-synchrotron"};

// The example in sync with its live state, but the synchrotrons autoscaled between 4 and 12.
fs::path manifests_with_hpa(const ApplyWorld& world, const ApplyPostgres& postgres) {
  const fs::path dir = write_manifests(world, postgres);
  for (int i = 0; i < 3; ++i) replace_in(dir / "values/images.yaml", "synapse:v1.120.0", "synapse:v1.119.0");
  replace_in(dir / "topology.yaml", "name: synapse-synchrotron,       replicas: 8}",
             "name: synapse-synchrotron, hpa: {minReplicas: 4, maxReplicas: 12}}");
  return dir;
}

bool hpa_exists(const ApplyWorld& world) {
  auto got = world.client.get(kHpa);
  REQUIRE(got);
  return got->has_value();
}

}  // namespace

TEST_CASE("cli apply: hpa with no HorizontalPodAutoscaler live creates one, and the next plan is empty") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = manifests_with_hpa(world, postgres);
  const auto shown = run_cli({"plan", manifests.string(), "--kubeconfig", kubeconfig(world)});
  CHECK_MESSAGE(shown.code == 0, shown.err);
  CHECK(shown.err.find("* create HorizontalPodAutoscaler/matrix/synapse-synchrotron  [low]") != std::string::npos);
  REQUIRE_FALSE(hpa_exists(world));
  const auto applied = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  REQUIRE(hpa_exists(world));
  CHECK(world.live_value(kHpa, "/metadata/labels/app.kubernetes.io~1managed-by") == "synops");
  CHECK(world.live_value(kHpa, "/spec/scaleTargetRef") ==
        nlohmann::json{{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "synapse-synchrotron"}});
  CHECK(world.live_value(kHpa, "/spec/minReplicas") == 4);
  CHECK(world.live_value(kHpa, "/spec/maxReplicas") == 12);
  const auto again = run_cli({"plan", manifests.string(), "--detailed-exitcode", "--kubeconfig", kubeconfig(world)});
  CHECK_MESSAGE(again.code == 0, again.err);
}

TEST_CASE("cli apply: killed at the HPA's creation, rollback leaves no HorizontalPodAutoscaler; one synops did not make stops a saved plan and is kept") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = manifests_with_hpa(world, postgres);
  const auto killed = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)),
                              "[1/1] create HorizontalPodAutoscaler/matrix/synapse-synchrotron");
  REQUIRE_MESSAGE(killed.code == -1, killed.err);
  const auto rolled = run_cli(concat({"rollback", manifests.string()}, cluster_args(world)));
  CHECK_MESSAGE(rolled.code == 0, rolled.err);
  CHECK_FALSE(hpa_exists(world));

  // A saved plan that creates it is refused once someone else created it meanwhile; the new
  // plan refuses the name, and the HPA is left as it is.
  const std::string plan_file = (manifests / "hpa.plan.json").string();
  const auto saved = run_cli({"plan", manifests.string(), "--out", plan_file, "--kubeconfig", kubeconfig(world)});
  REQUIRE_MESSAGE(saved.code == 0, saved.err);
  auto made = world.client.create(kHpa, {{"apiVersion", "autoscaling/v2"},
                                         {"kind", "HorizontalPodAutoscaler"},
                                         {"metadata", {{"name", kHpa.name}, {"namespace", "matrix"}}},
                                         {"spec", {{"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"name", "x"}}},
                                                   {"minReplicas", 1}, {"maxReplicas", 2}}}});
  REQUIRE(made);
  const auto stale = run_cli(concat({"apply", plan_file}, cluster_args(world)));
  CHECK(stale.code == 3);
  CHECK_MESSAGE(stale.err.find("HorizontalPodAutoscaler matrix/synapse-synchrotron was created since the plan was made") !=
                    std::string::npos, stale.err);
  const auto refused = run_cli({"plan", manifests.string(), "--kubeconfig", kubeconfig(world)});
  CHECK(refused.code == 3);
  CHECK(refused.err.find("[hpa-name-taken]") != std::string::npos);
  CHECK(world.live_value(kHpa, "/spec/maxReplicas") == 2);
}
