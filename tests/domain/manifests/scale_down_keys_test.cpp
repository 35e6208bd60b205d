// synapse.scaleDown and a worker pool's own scaleDown: the guide's pace by default (§4.1).
#include <doctest/doctest.h>

#include "support/synops_yaml_only.h"

namespace synops {
namespace {

TEST_CASE("scaleDown: the guide's 600 s pause by default; a pool's own keys override synapse.scaleDown's one by one") {
  auto desired = testing::load_synops_yaml(
      "synapse:\n"
      "  scaleDown: {step: 3}\n"
      "  workers:\n"
      "    synchrotron: {kind: Deployment, name: s, replicas: 3, scaleDown: {pauseSeconds: 30}}\n"
      "    generic: {kind: Deployment, name: g, replicas: 2}\n");
  REQUIRE_MESSAGE(desired, (desired ? "" : desired.error().front().format()));
  CHECK(desired->synapse.scale_down_step == 3);
  CHECK(desired->synapse.scale_down_pause_seconds == 600);
  REQUIRE(desired->synapse.workers.size() == 2);
  CHECK(desired->synapse.workers[0].scale_down_pause_seconds == 30);
  CHECK_FALSE(desired->synapse.workers[0].scale_down_step);
  CHECK_FALSE(desired->synapse.workers[1].scale_down_pause_seconds);
}

TEST_CASE("a pool's bad scaleDown names the file, line and key") {
  CHECK(testing::synops_yaml_errors("synapse:\n  workers:\n    s: {kind: Deployment, name: s, scaleDown: {pauseSeconds: -1}}\n") ==
        "synops.yaml:4:62: error: \"pauseSeconds\" in synapse.workers.s.scaleDown must be a non-negative integer, got \"-1\"");
}

}  // namespace
}  // namespace synops
