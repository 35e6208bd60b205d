// The plan as JSON: the plan file's document; for `show`, with what was checked and the
// foreign parts marked (docs/plan-file.md, "What show adds").
#include "engine/plan_json.h"
#include "plan_check.h"
#include "render.h"

namespace synops::cli {

namespace {

using Json = nlohmann::ordered_json;

void mark(Json& part, Foreign foreign) {
  if (foreign == Foreign::none) return;
  part["foreign"] = true;
  part["foreign_reason"] = code_of(foreign);
}

Json checked_against(const PlanCheck& check) {
  return Json{{"manifests", check.manifests.empty() ? Json(nullptr) : Json(check.manifests)},
              {"foreign_steps", check.marks.foreign_steps()},
              {"missing_steps", check.marks.missing},
              {"changed_reads", check.changed_reads}};
}

// The document with `checked_against` right after `format_version`, where a reader looks first.
Json with_check_first(const Json& document, const PlanCheck& check) {
  Json out;
  for (const auto& [member, value] : document.items()) {
    out[member] = value;
    if (member == "format_version") out["checked_against"] = checked_against(check);
  }
  return out;
}

}  // namespace

std::string render_json(const Plan& plan, const RenderOptions& options) {
  Json document = plan_document(plan, options.origin);
  if (options.check == nullptr) return document.dump(2) + "\n";
  auto& steps = document["actions"];
  for (size_t i = 0; i < steps.size(); ++i) {
    mark(steps[i], step_mark(options, i));
    auto& changes = steps[i]["changes"];
    for (size_t j = 0; j < changes.size(); ++j) mark(changes[j], change_mark(options, i, j));
  }
  return with_check_first(document, *options.check).dump(2) + "\n";
}

}  // namespace synops::cli
