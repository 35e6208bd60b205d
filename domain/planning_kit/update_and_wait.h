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
  std::string wait_reason;  // what "ready" means for this object
};

// Adds "update <target>" and "wait <target>" with the wait-until-ready edge between them;
// returns the update action so callers can add parameters or undo limits.
Action& add_update_and_wait(PlanDraft& draft, UpdateStep step);

}  // namespace synops
