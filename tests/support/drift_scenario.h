// Drift fixtures: the guide's deployment of examples/matrix, upgraded and rolled out so that
// nothing drifts, then changed in memory one way at a time (tests/support/scenario.h
// does the loading and editing).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "stages/drift/drift_finder.h"
#include "scenario.h"

namespace synops::testing {

// examples/matrix after the upgrade to v1.120.0 has rolled out: templates and running pods
// on the new image. `drift` finds nothing in it.
Scenario settled();

DriftReport drift_of(const Scenario& scenario, const std::optional<std::vector<PgSetting>>& settings = std::nullopt);

// One line per item: "kind object path: live -> desired", or "kind object path: message"
// when an item has no values; compact for exact comparisons.
std::vector<std::string> lines_of(const DriftReport& report);

// Sets the image a pod's container 0 runs, as the runtime reports it.
void set_running_image(Scenario& scenario, const std::string& pod, const std::string& image);

}  // namespace synops::testing
