// The saved plan file: the plan's JSON, written with mode 0600 (it names the live objects
// and their versions; secrets are never in it).
#pragma once
#include <string>

#include "engine/plan.h"
#include "engine/result.h"

namespace synops::cli {

Result<bool> save_plan_file(const Plan& plan, const std::string& path);
Result<Plan> load_plan_file(const std::string& path);

}  // namespace synops::cli
