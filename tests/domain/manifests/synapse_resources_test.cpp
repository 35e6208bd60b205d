// resources of synapse.main, synapse.li and each worker pool (§3.3): requests and limits as
// Kubernetes quantities, kept as text; element has none, so the key is an error there.
#include <doctest/doctest.h>

#include "support/synops_yaml_only.h"

namespace synops {
namespace {

TEST_CASE("resources of main, the LI and a pool are read as quantities, by key") {
  auto desired = testing::load_synops_yaml(
      "synapse:\n"
      "  main: {kind: StatefulSet, name: m, resources: {limits: {memory: 12Gi}}}\n"
      "  li: {kind: StatefulSet, name: l, resources: {requests: {cpu: 500m}}}\n"
      "  workers:\n"
      "    synchrotron: {kind: Deployment, name: s, replicas: 3, resources: {requests: {cpu: 1, memory: 2Gi}}}\n");
  REQUIRE_MESSAGE(desired, (desired ? "" : desired.error().front().format()));
  REQUIRE(desired->synapse.main->resources);
  CHECK(desired->synapse.main->resources->value == nlohmann::json{{"limits", {{"memory", "12Gi"}}}});
  CHECK(desired->synapse.main->resources->position_of("/limits/memory").str() == "synops.yaml:3:67");
  CHECK(desired->synapse.li->resources->value == nlohmann::json{{"requests", {{"cpu", "500m"}}}});
  CHECK(desired->synapse.workers[0].workload.resources->value ==
        nlohmann::json{{"requests", {{"cpu", "1"}, {"memory", "2Gi"}}}});
}

TEST_CASE("a bad Synapse resources value names the file, line and key, and what would be valid") {
  CHECK(testing::synops_yaml_errors("synapse:\n  main: {kind: StatefulSet, name: m, resources: {limits: {memory: lots}}}\n") ==
        "synops.yaml:3:67: error: \"memory\" in synapse.main.resources.limits must be a Kubernetes quantity such as 8Gi, "
        "500m or 2, got \"lots\"");
  CHECK(testing::synops_yaml_errors("synapse:\n  main: {kind: StatefulSet, name: m, resources: {limit: {memory: 1Gi}}}\n")
            .starts_with("synops.yaml:3:50: error: unknown key \"limit\" in synapse.main.resources; did you mean \"limits\"?"));
}

TEST_CASE("element takes no resources: synops does not manage them there") {
  CHECK(testing::synops_yaml_errors("element: {kind: Deployment, name: e, resources: {limits: {memory: 1Gi}}}\n")
            .starts_with("synops.yaml:2:38: error: unknown key \"resources\" in element"));
}

}  // namespace
}  // namespace synops
