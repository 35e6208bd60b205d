// The common shape of a step: update an object, then wait until it is ready again.
#pragma once
#include <string>
#include <vector>

#include "engine/plan_builder.h"

namespace synops {

struct UpdateStep {
  ObjectRef target;
  std::vector<Change> changes;
  Risk risk = Risk::low;
  std::string reason;       // why the update exists
  std::string wait_reason;  // what its wait checks, for a target kube::readiness_promise does not know; empty: wait_reason(target)
};

// "wait until <target> <what apply's wait checks>" (kube::readiness_promise): the reason of
// every wait step, so that the plan promises exactly what apply waits for.
std::string wait_reason(const ObjectRef& target);

// Adds "update <target>" and "wait <target>" with the wait-until-ready edge between them;
// returns the update action so callers can add parameters or undo limits.
Action& add_update_and_wait(PlanDraft& draft, UpdateStep step);

}  // namespace synops
