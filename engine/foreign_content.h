// What `synops show` marks as foreign in a plan file: content that synops did not plan. A plan
// file can come from a pull request's CI or anyone's disk, so a reviewer reading it must see
// which steps and changes are not synops's own before trusting the rest (issue #18, 3).
//
// Two sources of marks. Without the manifests, only what no synops plan can hold: a write to a
// Secret's data, a sensitive value in the clear, a `sensitive` flag other than the rules give
// (planners set it from the path alone, engine/diff.cpp and plan_builder.cpp). With them, also
// every step and change the plan made again now does not hold (plan_comparison.h).
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "plan.h"

namespace synops {

// Why a part of a plan file is foreign; `none` for synops's own.
enum class Foreign { none, not_asked_for, secret_data, value_in_clear, sensitive_flag };

struct StepMarks {
  Foreign step = Foreign::none;
  std::vector<Foreign> changes;  // one per change of the step, in its order
};

struct ForeignContent {
  std::vector<StepMarks> steps;      // one per step of the plan file, in its order
  std::vector<std::string> missing;  // keys of steps the manifests ask for and the file lacks

  // Steps marked themselves or holding a marked change.
  size_t foreign_steps() const;
};

// What the sensitivity rules say of a change, whatever the file's flag says: a Secret's values
// and any path naming a credential (sensitivity.h) are never shown.
bool rules_call_sensitive(const Action& action, const Change& change);

// The marks a plan file earns on its own (no manifests needed).
ForeignContent static_marks(const Plan& saved);

// The static marks, and a mark on every step and change `fresh` (planned again now from the
// manifests and the live state) does not hold.
ForeignContent checked_marks(const Plan& saved, const Plan& fresh);

// The plan with every change the rules call sensitive flagged so, for rendering: a value the
// file left unflagged is then shown as "(sensitive)" too.
Plan with_rules_sensitivity(Plan plan);

// A stable name for JSON ("not-asked-for") and the sentence people read.
std::string_view code_of(Foreign foreign);
std::string_view sentence_of(Foreign foreign);

}  // namespace synops
