// The live homeserver.yaml as Synapse checks it at start.
#include <doctest/doctest.h>

#include "support/drift_scenario.h"

namespace synops::testing {
namespace {

void drop_instance(Scenario& s, const std::string& instance) {
  s.set_live_homeserver([&](std::string& text) {
    const auto start = text.find("  " + instance + ":\n");
    const auto end = text.find("    port: 9093\n", start) + 15;
    text.erase(start, end - start);
  });
}

TEST_CASE("a writer missing from instance_map: Synapse's own check fails, and the derived field drifts") {
  Scenario s = settled();
  drop_instance(s, "synapse-event-persister-1");
  // One cause, two items: the owned instance_map differs (field), and the config as it is
  // live stops every worker at its next start (instance-map).
  CHECK(lines_of(drift_of(s)) ==
        std::vector<std::string>{
            "field ConfigMap/matrix/synapse-config /data/homeserver.yaml#/instance_map/synapse-event-persister-1: null -> "
            "{\"host\":\"synapse-event-persister-1.synapse-event-persister.matrix.svc.cluster.local\",\"port\":9093}",
            "instance-map ConfigMap/matrix/synapse-config /data/homeserver.yaml: \"synapse-event-persister-1\" writes "
            "events but is not in instance_map"});
}

TEST_CASE("instance-map drift stands on its own when the field is ignored") {
  Scenario s = settled();
  drop_instance(s, "main");
  s.desired.drift.ignore.push_back({{"ConfigMap", {}}, Located<std::string>{"synapse-config", {}},
                                    Located<std::string>{"/data/homeserver.yaml#/instance_map", {}}, {}});
  const DriftReport report = drift_of(s);
  CHECK(lines_of(report) == std::vector<std::string>{"instance-map ConfigMap/matrix/synapse-config /data/homeserver.yaml: "
                                                     "instance_map has no \"main\" entry, so every worker refuses to start"});
  CHECK(report.ignored == 1);
}

}  // namespace
}  // namespace synops::testing
