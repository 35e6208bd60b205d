#include "render.h"

#include "engine/plan_json.h"
#include "engine/sensitivity.h"

namespace synops::cli {

std::vector<std::string> points_of_no_return(const Plan& plan) {
  std::vector<std::string> steps;
  for (const auto& action : plan.actions)
    if (!action.reversible) steps.push_back(action.id + " (" + std::string(to_string(action.type)) + " " + action.target.str() + ")");
  return steps;
}

std::string display_value(const nlohmann::json& value, bool sensitive) {
  if (value.is_null()) return "(absent)";
  if (sensitive) return std::string(kSensitiveMark);
  return value.dump();
}

std::string render_json(const Plan& plan) { return plan_to_json(plan).dump(2) + "\n"; }

std::string render(const Plan& plan, Format format, const RenderOptions& options) {
  switch (format) {
    case Format::text: return render_text(plan, options);
    case Format::markdown: return render_markdown(plan);
    case Format::json: return render_json(plan);
    case Format::dot: return render_dot(plan);
  }
  return {};
}

}  // namespace synops::cli
