// Issue #15, 7: `plan` warns of what apply's preflight would refuse, from the cluster as from
// a snapshot, without changing its exit code; apply, run on the same cluster, refuses the
// same object for the same reason (one check, kube::preflight_problems, serves both).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/api_server.h"
#include "support/run_synops.h"

namespace synops::testing {
namespace {


bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The warning line of `plan`'s text output that names `object`, without its "  - ".
std::string warning_about(const std::string& plan_text, const std::string& object) {
  const auto at = plan_text.find("\n  - " + object + ": ");
  if (at == std::string::npos) return {};
  return plan_text.substr(at + 5, plan_text.find('\n', at + 1) - at - 5);
}

}  // namespace

TEST_CASE("plan against the cluster warns of a Cluster that is not healthy, with its exit code unchanged; apply refuses it") {
  // The example with its Cluster failing over (the golden cases plan-unhealthy-*). The test
  // server's controllers see a Cluster not at rest once at start and move it to "Upgrading
  // cluster"; with no ticks after that, it stays unhealthy.
  TestApiServer server({"--seed", (std::filesystem::path(SYNOPS_SOURCE_DIR) / "tests/golden/plan-unhealthy-text/cluster.json").string(),
                        "--tick-ms", "0"});
  const std::string kubeconfig = " --kubeconfig " + quoted(server.certs() / "kubeconfig-token.yaml");
  const auto planned = run_synops("plan " + kExampleManifests + " --no-color" + kubeconfig);
  CHECK_MESSAGE(planned.exit_code == 0, planned.err);
  CHECK(planned.out.starts_with("Warning: the deployment is not healthy now, and apply's preflight refuses to change it"));
  const std::string warning = warning_about(planned.out, "Cluster/matrix/synapse-postgres");
  CHECK(warning.starts_with("Cluster/matrix/synapse-postgres: not ready: Cluster \"synapse-postgres\": phase \""));
  // The warning is not a refusal: --detailed-exitcode still says "changes present".
  CHECK(run_synops("plan " + kExampleManifests + " --detailed-exitcode" + kubeconfig).exit_code == 2);
  const auto json = nlohmann::json::parse(run_synops("plan " + kExampleManifests + " --format json" + kubeconfig).out);
  REQUIRE(json["health_warnings"].size() == 1);
  CHECK(json["health_warnings"][0]["name"] == "synapse-postgres");

  // apply's preflight refuses the same object for the same reason, and writes nothing.
  server.clear_requests();
  const auto applied = run_synops("apply " + kExampleManifests + " --auto-approve --no-color" + kubeconfig);
  CHECK(applied.exit_code == 3);
  const std::string problem = warning.substr(warning.find(": ") + 2);
  CHECK_MESSAGE(has(applied.err, "error: Cluster matrix/synapse-postgres: " + problem + "\n"), applied.err);
  CHECK(has(applied.out + applied.err, "the deployment is not healthy; fix it first, or pass --skip-preflight"));
  const nlohmann::json counts = server.requests().at("counts");
  CHECK(counts.size() > 0);
  for (const auto& [request, count] : counts.items()) {
    CAPTURE(request);
    CHECK((request.starts_with("GET ") || request.starts_with("LIST ")));  // nothing written
  }
}

}  // namespace synops::testing
