// Assembles the plan: the steps and ordering edges the planners proposed, put in order,
// numbered, linked to what they wait for, and summarised.
#pragma once
#include <string>
#include <vector>

#include "ordering.h"
#include "plan.h"
#include "result.h"

namespace synops {

// What the planning rules contribute before ordering.
struct PlanDraft {
  std::vector<Action> actions;
  std::vector<OrderingEdge> edges;
  std::vector<Refusal> refusals;
  std::vector<std::string> notes;

  void append(PlanDraft other);
  Action* find(const std::string& key);
  bool has(const std::string& key) const;
};

// Orders the draft (ties by key), assigns ids "a1".."aN" in that order, records each
// step's dependencies with the rule that made them, and computes the summary.
Result<Plan> build_plan(PlanDraft draft, std::string live_fingerprint);

}  // namespace synops
