#include "foreign_content.h"

#include <algorithm>

#include "plan_comparison.h"
#include "sensitivity.h"

namespace synops {

namespace {

bool is_secret_data(const Action& action, const Change& change) {
  if (action.target.kind != "Secret") return false;
  const std::string& pointer = change.path.pointer;
  for (std::string_view member : {"/data", "/stringData"})
    if (pointer == member || pointer.starts_with(std::string(member) + "/")) return true;
  return false;
}

// A value other than the mark (or an absent one) where the rules hide values.
bool shows_a_value(const nlohmann::json& value) { return !value.is_null() && value != std::string(kSensitiveMark); }

Foreign change_mark(const Action& action, const Change& change) {
  if (is_secret_data(action, change)) return Foreign::secret_data;
  const bool sensitive = rules_call_sensitive(action, change);
  if (sensitive && (shows_a_value(change.before) || shows_a_value(change.after))) return Foreign::value_in_clear;
  if (sensitive != change.sensitive) return Foreign::sensitive_flag;
  return Foreign::none;
}

}  // namespace

size_t ForeignContent::foreign_steps() const {
  return static_cast<size_t>(std::ranges::count_if(steps, [](const StepMarks& marks) {
    return marks.step != Foreign::none || std::ranges::any_of(marks.changes, [](Foreign f) { return f != Foreign::none; });
  }));
}

bool rules_call_sensitive(const Action& action, const Change& change) {
  return action.target.kind == "Secret" || is_sensitive_path(change.path.str());
}

ForeignContent static_marks(const Plan& saved) {
  ForeignContent content;
  for (const auto& action : saved.actions) {
    StepMarks marks;
    for (const auto& change : action.changes) marks.changes.push_back(change_mark(action, change));
    content.steps.push_back(std::move(marks));
  }
  return content;
}

ForeignContent checked_marks(const Plan& saved, const Plan& fresh) {
  ForeignContent content = static_marks(saved);
  const PlanMatch match = match_plans(saved, fresh);
  for (size_t i = 0; i < content.steps.size(); ++i) {
    StepMarks& marks = content.steps[i];
    if (match.step_differs[i]) marks.step = Foreign::not_asked_for;
    // A static mark says more (why no synops plan holds it) and stays.
    for (size_t j = 0; j < marks.changes.size(); ++j)
      if (marks.changes[j] == Foreign::none && match.change_differs[i][j]) marks.changes[j] = Foreign::not_asked_for;
  }
  content.missing = match.missing;
  return content;
}

Plan with_rules_sensitivity(Plan plan) {
  for (auto& action : plan.actions)
    for (auto& change : action.changes) change.sensitive = change.sensitive || rules_call_sensitive(action, change);
  return plan;
}

std::string_view code_of(Foreign foreign) {
  switch (foreign) {
    case Foreign::none: return "none";
    case Foreign::not_asked_for: return "not-asked-for";
    case Foreign::secret_data: return "secret-data";
    case Foreign::value_in_clear: return "value-in-clear";
    case Foreign::sensitive_flag: return "sensitive-flag";
  }
  return "none";
}

std::string_view sentence_of(Foreign foreign) {
  switch (foreign) {
    case Foreign::none: return "";
    case Foreign::not_asked_for: return "the manifests do not ask for this";
    case Foreign::secret_data: return "synops never writes a Secret's data";
    case Foreign::value_in_clear: return "a sensitive value written in the clear";
    case Foreign::sensitive_flag: return "its sensitive flag is not what synops's rules give";
  }
  return "";
}

}  // namespace synops
