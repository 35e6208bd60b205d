// The derived worker configuration, written into the live homeserver.yaml, is what Synapse
// accepts, and nothing else in the file changes.
#include <doctest/doctest.h>

#include <set>
#include <sstream>

#include "adapters/yaml/yaml_tree.h"
#include "domain/synapse/derived_config.h"
#include "domain/apply_kit/object_fields.h"
#include "support/scenario.h"

using namespace synops;
using namespace synops::testing;

namespace {

std::string live_homeserver(const Scenario& s) {
  return s.live.find({"ConfigMap", "matrix", "synapse-config"})->body["data"]["homeserver.yaml"];
}

// The homeserver.yaml a plan writes: its ConfigMap changes applied to the live text.
std::string planned_homeserver(const Scenario& s) {
  const Plan plan = s.plan();
  std::vector<apply::FieldValue> fields;
  for (const auto& change : step(plan, "update ConfigMap/matrix/synapse-config").changes) fields.push_back({change.path, change.after});
  return apply::rewrite_embedded(live_homeserver(s), fields).value();
}

nlohmann::json parsed(const std::string& text) { return parse_yaml_tree(text, "homeserver.yaml").value().value; }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("Synapse's own checks: main in instance_map, writers mapped, single-writer streams single") {
  CHECK(synapse_config_problems(nlohmann::json::parse(R"({"stream_writers": {"events": ["w1"]}})"), true) ==
        std::vector<std::string>{"instance_map has no \"main\" entry, so every worker refuses to start",
                                 "\"w1\" writes events but is not in instance_map"});
  CHECK(synapse_config_problems(nlohmann::json::parse(
            R"({"instance_map": {"main": {}, "a": {}, "b": {}}, "stream_writers": {"typing": ["a", "b"]}})"), true) ==
        std::vector<std::string>{"stream \"typing\" has 2 writers; it allows one"});
  CHECK(synapse_config_problems(nlohmann::json::parse(
            R"({"instance_map": {"main": {}, "a": {}}, "stream_writers": {"events": ["a"], "typing": "a"}})"), true).empty());
}

TEST_CASE("the example's live config passes Synapse's checks") {
  CHECK(synapse_config_problems(parsed(live_homeserver(Scenario::example())), true).empty());
}

TEST_CASE("derived config for every event-persister and federation-sender count passes Synapse's checks") {
  for (std::int64_t persisters : {1, 2, 5})
    for (std::int64_t senders : {0, 1, 6}) {
      CAPTURE(persisters);
      CAPTURE(senders);
      Scenario s = Scenario::in_sync();
      s.set_replicas("event-persister", persisters);
      s.set_replicas("federation-sender", senders);
      const nlohmann::json written = parsed(planned_homeserver(s));
      CHECK(synapse_config_problems(written, true).empty());
      CHECK(written["stream_writers"]["events"].size() == static_cast<size_t>(persisters));
      CHECK(written["instance_map"].size() == static_cast<size_t>(persisters) + 1);
      CHECK(written["federation_sender_instances"].size() == static_cast<size_t>(senders));
    }
}

TEST_CASE("writing the plan's config change keeps every other line of homeserver.yaml, comments included") {
  Scenario s = Scenario::in_sync();
  s.set_replicas("event-persister", 3);
  s.desired.synapse.homeserver.value["rc_message"]["per_second"] = 20;
  const auto before = lines_of(live_homeserver(s)), after = lines_of(planned_homeserver(s));
  // Lines only in one version (as multisets): the edited value and the added entries, nothing else.
  std::multiset<std::string> removed(before.begin(), before.end()), added(after.begin(), after.end());
  for (const auto& line : before)
    if (auto it = added.find(line); it != added.end()) added.erase(it);
  for (const auto& line : after)
    if (auto it = removed.find(line); it != removed.end()) removed.erase(it);
  CHECK(removed == std::multiset<std::string>{"  per_second: 10"});
  CHECK(added == std::multiset<std::string>{"  per_second: 20", "  synapse-event-persister-2:",
                                            "    host: synapse-event-persister-2.synapse-event-persister.matrix.svc.cluster.local",
                                            "    port: 9093", "    - synapse-event-persister-2"});
  const nlohmann::json written = parsed(planned_homeserver(s));
  CHECK(written["rc_message"]["per_second"] == 20);
  CHECK(written["instance_map"]["synapse-event-persister-2"]["port"] == 9093);
}
