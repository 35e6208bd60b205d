#include "plan_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/json_depth.h"
#include "engine/plan_json.h"
#include "private_file.h"

namespace synops::cli {

Result<bool> save_plan_file(const Plan& plan, const std::string& path) {
  return write_private_file(path, plan_to_json(plan).dump(2) + "\n", "the plan file");
}

Result<Plan> load_plan_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return fail("cannot read the plan file " + path + ": " + std::strerror(errno));
  std::stringstream content;
  content << in.rdbuf();
  if (json_too_deep_at(content.str()))
    return fail(path + ": not a synops plan file (JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels)");
  try {
    return plan_from_json(nlohmann::json::parse(content.str()), path);
  } catch (const nlohmann::json::parse_error& error) {
    return fail(path + ": not a synops plan file (not valid JSON at byte " + std::to_string(error.byte) + ")");
  }
}

}  // namespace synops::cli
