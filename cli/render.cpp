#include "render.h"

#include "engine/plan_json.h"
#include "engine/sensitivity.h"
#include "plan_check.h"

namespace synops::cli {

std::vector<std::string> points_of_no_return(const Plan& plan) {
  std::vector<std::string> steps;
  for (const auto& action : plan.actions)
    if (!action.reversible) steps.push_back(action.id + " (" + std::string(to_string(action.type)) + " " + action.target.str() + ")");
  return steps;
}

std::string health_warning_heading() {
  return "the deployment is not healthy now, and apply's preflight refuses to change it while it is not: fix it first, or "
         "apply with --skip-preflight.";
}

std::vector<std::string> health_warning_lines(const Plan& plan) {
  std::vector<std::string> lines;
  for (const auto& warning : plan.health_warnings) {
    std::string line = warning.ref.str() + ": " + warning.message;
    for (char& c : line)
      if (c == '\n' || c == '\r') c = ' ';
    lines.push_back(std::move(line));
  }
  return lines;
}

std::string display_value(const nlohmann::json& value, bool sensitive) {
  if (value.is_null()) return "(absent)";
  if (sensitive) return std::string(kSensitiveMark);
  return value.dump();
}

Foreign step_mark(const RenderOptions& options, size_t step) {
  if (options.check == nullptr || step >= options.check->marks.steps.size()) return Foreign::none;
  return options.check->marks.steps[step].step;
}

Foreign change_mark(const RenderOptions& options, size_t step, size_t change) {
  if (options.check == nullptr || step >= options.check->marks.steps.size()) return Foreign::none;
  const auto& changes = options.check->marks.steps[step].changes;
  return change < changes.size() ? changes[change] : Foreign::none;
}

std::string mark_text(Foreign foreign) { return "FOREIGN: " + std::string(sentence_of(foreign)); }

std::string render(const Plan& plan, Format format, const RenderOptions& options) {
  switch (format) {
    case Format::text: return render_text(plan, options);
    case Format::markdown: return render_markdown(plan, options);
    case Format::json: return render_json(plan, options);
    case Format::dot: return render_dot(plan, options);
  }
  return {};
}

}  // namespace synops::cli
