#include "plan_file.h"

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "build_info.h"
#include "engine/json_depth.h"
#include "engine/plan_json.h"
#include "private_file.h"

namespace synops::cli {

namespace {

// $SOURCE_DATE_EPOCH when it is a whole number of seconds; anything else is ignored, as the
// convention asks of a value a tool cannot use.
std::optional<std::int64_t> source_date_epoch() {
  const char* text = std::getenv("SOURCE_DATE_EPOCH");
  if (text == nullptr || *text == '\0') return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const long long seconds = std::strtoll(text, &end, 10);
  if (errno != 0 || *end != '\0' || seconds < 0) return std::nullopt;
  return seconds;
}

std::string member_text(const nlohmann::json& document, const char* member) {
  const auto found = document.find(member);
  return found != document.end() && found->is_string() ? found->get<std::string>() : std::string();
}

}  // namespace

std::string creation_time() {
  const auto epoch = source_date_epoch();
  const std::time_t at = epoch ? static_cast<std::time_t>(*epoch) : std::time(nullptr);
  std::tm utc{};
  gmtime_r(&at, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

PlanOrigin origin_now(nlohmann::ordered_json source) {
  return PlanOrigin{std::string(release_version()), creation_time(), std::move(source)};
}

nlohmann::ordered_json plan_document(const Plan& plan, const PlanOrigin* origin) {
  nlohmann::ordered_json document = plan_to_json(plan);
  if (origin == nullptr) return document;
  nlohmann::ordered_json out;
  for (const auto& [member, value] : document.items()) {
    out[member] = value;
    if (member != "format_version") continue;
    // null for a file older than 3.0, which did not record them (show)
    const auto or_null = [](const std::string& text) { return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text); };
    out["synops_version"] = or_null(origin->synops_version);
    out["created_at"] = or_null(origin->created_at);
    out["source"] = origin->source;
  }
  return out;
}

Result<bool> save_plan_file(const Plan& plan, const PlanOrigin& origin, const std::string& path) {
  return write_private_file(path, plan_document(plan, &origin).dump(2) + "\n", "the plan file");
}

Result<Plan> load_plan_file(const std::string& path, PlanOrigin* origin) {
  std::ifstream in(path);
  if (!in) return fail("cannot read the plan file " + path + ": " + std::strerror(errno));
  std::stringstream content;
  content << in.rdbuf();
  if (json_too_deep_at(content.str()))
    return fail(path + ": not a synops plan file (JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels)");
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(content.str());
  } catch (const nlohmann::json::parse_error& error) {
    return fail(path + ": not a synops plan file (not valid JSON at byte " + std::to_string(error.byte) + ")");
  }
  auto plan = plan_from_json(document, path);
  if (plan && origin != nullptr && document.is_object()) {
    origin->synops_version = member_text(document, "synops_version");
    origin->created_at = member_text(document, "created_at");
    const auto source = document.find("source");
    origin->source = source != document.end() && source->is_object() ? nlohmann::ordered_json::parse(source->dump()) : nullptr;
  }
  return plan;
}

}  // namespace synops::cli
