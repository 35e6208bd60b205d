// The saved plan file: the plan's JSON (engine/plan_json.h) with where it came from, written
// with mode 0600 (it names the live objects and their versions; secrets are never in it).
// docs/plan-file.md is its reference.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "engine/plan.h"
#include "engine/result.h"

namespace synops::cli {

// What made a plan, from what and when. Files written before format 3.0 have none of it:
// then every member is empty (source null).
struct PlanOrigin {
  std::string synops_version;   // "0.4.0"
  std::string created_at;       // RFC 3339 in UTC, "2025-01-31T12:00:00Z"
  nlohmann::ordered_json source;  // {"snapshot": path} or {"context": name, "server": url}
};

// The time a plan is made, as created_at writes it: now, or $SOURCE_DATE_EPOCH (seconds since
// 1970 in UTC, the reproducible-builds convention) when it is set, so that the same inputs
// give the same bytes (the golden tests set it).
std::string creation_time();
// This synops, now, planning from `source`.
PlanOrigin origin_now(nlohmann::ordered_json source);

// The plan document: plan_to_json with synops_version, created_at and source after
// format_version (when `origin` is given).
nlohmann::ordered_json plan_document(const Plan& plan, const PlanOrigin* origin);

Result<bool> save_plan_file(const Plan& plan, const PlanOrigin& origin, const std::string& path);
// Reads any version this synops reads (docs/plan-file.md, "Versions"); `origin`, when given,
// receives what the file says of where it came from.
Result<Plan> load_plan_file(const std::string& path, PlanOrigin* origin = nullptr);

}  // namespace synops::cli
