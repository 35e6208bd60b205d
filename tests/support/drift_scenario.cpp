#include "drift_scenario.h"

#include <doctest/doctest.h>

namespace synops::testing {

Scenario settled() {
  Scenario scenario = Scenario::in_sync();
  for (const char* pod : {"synapse-main-0", "synapse-event-persister-0", "synapse-event-persister-1"}) {
    scenario.edit_live("Pod", pod, [](nlohmann::json& body) {
      body["spec"]["containers"][0]["image"] = "matrixdotorg/synapse:v1.120.0";
    });
    set_running_image(scenario, pod, "docker.io/matrixdotorg/synapse:v1.120.0");
  }
  return scenario;
}

DriftReport drift_of(const Scenario& scenario, const std::optional<std::vector<PgSetting>>& settings) {
  auto report = find_drift(scenario.desired, scenario.live, settings);
  REQUIRE_MESSAGE(report, (report ? "" : report.error().front().format()));
  return *report;
}

std::vector<std::string> lines_of(const DriftReport& report) {
  std::vector<std::string> lines;
  for (const auto& item : report.items) {
    std::string line = std::string(to_string(item.kind)) + " " + item.object.str() + " " + item.path + ": ";
    line += item.live.is_null() && item.desired.is_null() ? item.message : item.live.dump() + " -> " + item.desired.dump();
    lines.push_back(line);
  }
  return lines;
}

void set_running_image(Scenario& scenario, const std::string& pod, const std::string& image) {
  scenario.edit_live("Pod", pod, [&](nlohmann::json& body) { body["status"]["containerStatuses"][0]["image"] = image; });
}

}  // namespace synops::testing
