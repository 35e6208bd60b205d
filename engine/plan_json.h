// The plan as JSON (format_version 2, kPlanFormatVersion; version 1 files still load): `plan --format json`, the saved plan file, and
// `show`. Sensitive values are written as "(sensitive)", so a plan file holds no secret.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "plan.h"
#include "result.h"

namespace synops {

nlohmann::ordered_json plan_to_json(const Plan& plan);
Result<Plan> plan_from_json(const nlohmann::json& document, const std::string& source);

}  // namespace synops
