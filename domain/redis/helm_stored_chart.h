// The chart a deployed Helm release stores (its templates, default values, schema and files,
// in the release document), written back out as a chart directory that `helm upgrade` takes:
// no repository needed. Helm does not store a chart's dependencies in the release, so a chart
// that has some cannot be rebuilt this way; that is refused, and redis.yaml must name the
// chart (`chart`, `version`) instead.
#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/result.h"

namespace synops::apply {

// Why the stored chart of `release` (a decoded release document) cannot be written back;
// empty when it can. `what` names the release in the message.
std::string stored_chart_problem(const nlohmann::json& release, const std::string& what);

// Writes the stored chart into `dir` (created, mode 0700; files 0600: a chart's default values
// may hold credentials). Paths in the release are cluster data: one that would leave `dir`
// (absolute, or with a ".." step) is refused, nothing is written outside.
Result<bool> write_stored_chart(const nlohmann::json& release, const std::filesystem::path& dir);

}  // namespace synops::apply
