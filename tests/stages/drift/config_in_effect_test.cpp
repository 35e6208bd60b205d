// Pods that started before the homeserver.yaml they should run.
#include <doctest/doctest.h>

#include "support/drift_scenario.h"
#include "domain/synapse/config_hash.h"

namespace synops::testing {
namespace {

// The managedFields entry of the manager that last wrote homeserver.yaml (kubectl-edit).
void set_config_written_at(Scenario& s, const std::string& time) {
  s.edit_live("ConfigMap", "synapse-config", [&](nlohmann::json& body) {
    for (auto& entry : body["metadata"]["managedFields"])
      if (entry["manager"] == "kubectl-edit") entry["time"] = time;
  });
}

void stamp(Scenario& s, const std::string& kind, const std::string& name, const std::string& hash) {
  s.edit_live(kind, name, [&](nlohmann::json& body) {
    body["spec"]["template"]["metadata"]["annotations"]["synops.io/config-hash"] = hash;
  });
}

std::string live_config_hash(const Scenario& s) {
  return config_hash(s.live.find({"ConfigMap", "matrix", "synapse-config"})->body["data"]["homeserver.yaml"].get<std::string>());
}

// The start-time check needs the ConfigMap's managedFields; a LiveState that prunes them
// (engine/live_state.h) leaves only the annotation, and drift must then say what it cannot see.
bool live_state_keeps_config_map_write_times() {
  LiveState live;
  live.add(LiveObject{{"ConfigMap", "matrix", "c"}, "v1", "1",
                      {{"kind", "ConfigMap"}, {"metadata", {{"name", "c"}, {"managedFields", {{{"time", "2024-01-01T00:00:00Z"}}}}}}}});
  const nlohmann::json& body = live.find({"ConfigMap", "matrix", "c"})->body;
  return body["metadata"].contains("managedFields");
}

void check_cannot_tell(const DriftReport& report) {
  CHECK(report.in_sync());
  REQUIRE(report.notes.size() == 1);
  CHECK(report.notes[0].find("records no write time (metadata.managedFields)") != std::string::npos);
}

TEST_CASE("a pod started before the ConfigMap's last write of homeserver.yaml runs the old config") {
  Scenario s = settled();
  // synapse-main-0 started 10:02:31; the event persisters 10:08:40 and 10:09:47.
  set_config_written_at(s, "2024-11-19T10:05:00Z");
  const DriftReport report = drift_of(s);
  if (!live_state_keeps_config_map_write_times()) return check_cannot_tell(report);
  CHECK(lines_of(report) == std::vector<std::string>{"config-not-in-effect Pod/matrix/synapse-main-0 /status/startTime: "
                                                     "\"2024-11-19T10:02:31Z\" -> \"2024-11-19T10:05:00Z\""});
  REQUIRE(report.items.size() == 1);
  CHECK(report.items[0].owner->str() == "StatefulSet/matrix/synapse-main");
  CHECK(report.items[0].where == s.desired.synapse.config_map->at);
}

TEST_CASE("only the managers owning homeserver.yaml count: a later label change is no config change") {
  Scenario s = settled();
  s.edit_live("ConfigMap", "synapse-config", [](nlohmann::json& body) {
    for (auto& entry : body["metadata"]["managedFields"])
      if (entry["manager"] == "kubectl") entry["time"] = "2024-11-20T00:00:00Z";  // owns labels and other keys
  });
  const DriftReport report = drift_of(s);
  if (!live_state_keeps_config_map_write_times()) return check_cannot_tell(report);
  CHECK(report.in_sync());
  CHECK(report.notes.empty());
}

TEST_CASE("a stamped config hash that differs from the live homeserver.yaml is drift of the workload") {
  Scenario s = settled();
  stamp(s, "StatefulSet", "synapse-event-persister", std::string(64, '0'));
  const auto lines = lines_of(drift_of(s));
  CHECK(lines == std::vector<std::string>{"config-not-in-effect StatefulSet/matrix/synapse-event-persister "
                                          "/spec/template/metadata/annotations/synops.io~1config-hash: \"" +
                                          std::string(64, '0') + "\" -> \"" + live_config_hash(s) + "\""});
}

TEST_CASE("every workload stamped with the live hash: in sync, whatever the start times") {
  Scenario s = settled();
  set_config_written_at(s, "2024-11-19T10:09:00Z");  // after main-0 and event-persister-1 started
  const std::string hash = live_config_hash(s);
  for (const auto& [kind, name] : std::vector<std::pair<std::string, std::string>>{
           {"StatefulSet", "synapse-main"}, {"Deployment", "synapse-synchrotron"}, {"Deployment", "synapse-generic-worker"},
           {"StatefulSet", "synapse-event-persister"}, {"StatefulSet", "synapse-federation-sender"},
           {"StatefulSet", "synapse-media-repository"}})
    stamp(s, kind, name, "sha256:" + hash);  // the prefix is accepted too
  const DriftReport report = drift_of(s);
  CHECK(report.in_sync());
  CHECK(report.notes.empty());  // synapse-li mounts its own ConfigMap
}

TEST_CASE("the config hash is the sha256 of the text, in lower-case hex") {
  CHECK(config_hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(config_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace synops::testing
