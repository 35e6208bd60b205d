// drift's text and JSON renderings of a report.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli/render_drift.h"

namespace synops::testing {

using namespace synops::cli;
namespace {

DriftReport sample_report() {
  DriftReport report;
  report.items.push_back({DriftKind::field, {"StatefulSet", "matrix", "synapse-main"}, std::nullopt, "/spec/replicas", 2, 1,
                          false, {"topology.yaml", 2, 9}, "replicas in topology.yaml:2:9"});
  report.items.push_back({DriftKind::field, {"ConfigMap", "matrix", "synapse-config"}, std::nullopt,
                          "/data/homeserver.yaml#/redis/password", "fake-a", "fake-b", true, {}, "redis.password"});
  report.items.push_back({DriftKind::instance_map, {"ConfigMap", "matrix", "synapse-config"}, std::nullopt,
                          "/data/homeserver.yaml", nullptr, nullptr, false, {"synapse.yaml", 2, 14},
                          "instance_map has no \"main\" entry, so every worker refuses to start"});
  report.ignored = 3;
  return report;
}

TEST_CASE("text: a summary line, then the items grouped by kind, secrets hidden") {
  CHECK(render_drift_text(sample_report(), Style{}) ==
        "Drift: 3 items (2 field, 1 instance-map), 3 more ignored by drift.ignore\n"
        "\n"
        "field (2): owned fields that differ from the manifests\n"
        "  StatefulSet/matrix/synapse-main /spec/replicas: live 2, desired 1  (topology.yaml:2:9)\n"
        "  ConfigMap/matrix/synapse-config /data/homeserver.yaml#/redis/password: live (sensitive), desired (sensitive)\n"
        "\n"
        "instance-map (1): homeserver.yaml problems that stop Synapse workers at their next start\n"
        "  ConfigMap/matrix/synapse-config /data/homeserver.yaml: instance_map has no \"main\" entry, so every worker "
        "refuses to start  (synapse.yaml:2:14)\n");
  CHECK(render_drift_text(DriftReport{}, Style{}) == "No drift. The live state matches the manifests and is in effect.\n");
  DriftReport blind;
  blind.notes = {"cannot tell whether ..."};
  CHECK(render_drift_text(blind, Style{}) == "No drift found; 1 check could not be made (see stderr).\n");
}

// What made a drift report, as the command fills it in.
const cli::PlanOrigin kOrigin{.synops_version = "0.4.0", .created_at = "2023-11-14T22:13:20Z", .source = {{"snapshot", "cluster.json"}}};

TEST_CASE("json: in_sync, ignored and the items with every field, secrets hidden") {
  const auto document = nlohmann::json::parse(render_drift_json(sample_report(), kOrigin));
  CHECK(document["in_sync"] == false);
  CHECK(document["ignored"] == 3);
  REQUIRE(document["items"].size() == 3);
  CHECK(document["items"][0] == nlohmann::json{{"kind", "field"},
                                               {"object", "StatefulSet/matrix/synapse-main"},
                                               {"path", "/spec/replicas"},
                                               {"live", 2},
                                               {"desired", 1},
                                               {"where", "topology.yaml:2:9"},
                                               {"message", "replicas in topology.yaml:2:9"}});
  CHECK(document["items"][1]["live"] == "(sensitive)");
  CHECK(document["items"][1]["desired"] == "(sensitive)");
  CHECK(document["items"][1]["where"].is_null());
  CHECK(document["items"][2]["kind"] == "instance-map");
  CHECK(render_drift_json(sample_report(), kOrigin).find("fake-") == std::string::npos);
  CHECK(render_drift_json(DriftReport{}, kOrigin) ==
        "{\n  \"format_version\": \"1.0\",\n  \"synops_version\": \"0.4.0\",\n  \"created_at\": \"2023-11-14T22:13:20Z\",\n"
        "  \"source\": {\n    \"snapshot\": \"cluster.json\"\n  },\n"
        "  \"in_sync\": true,\n  \"ignored\": 0,\n  \"notes\": [],\n  \"items\": []\n}\n");
}

}  // namespace
}  // namespace synops::testing
