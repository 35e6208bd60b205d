// The plan as JSON (format_version "3.0", kPlanFormat; versions 1 and 2 still load): `plan --format json`, the saved plan
// file (cli/plan_file.h adds where it came from), `show` and the journal. Sensitive values are written as "(sensitive)",
// so a plan file holds no secret. docs/plan-file.md is the reference, with its versions.
#pragma once
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "plan.h"
#include "result.h"

namespace synops {

// "MAJOR.MINOR": the minor grows with every addition an older reader may ignore, the major when
// a reader must change. 3.0 made the version a string and the maintenance window a level.
inline constexpr std::string_view kPlanFormat = "3.0";

// The maintenance window the guide asks for: "required" (risk high and up), "recommended"
// (risk medium), "none".
std::string_view maintenance_level(const PlanSummary& summary);

nlohmann::ordered_json plan_to_json(const Plan& plan);
Result<Plan> plan_from_json(const nlohmann::json& document, const std::string& source);

}  // namespace synops
