// Undo: the steps a run began, in reverse order, restored from the before-images in the
// journal, each with a fresh precondition (live must hold what apply wrote, or already what
// was there before). Then every workload the run restarted or changed is restarted if the
// config it reads was restored, and all of them must become healthy again.
#pragma once
#include "apply_context.h"
#include "engine/plan.h"
#include "journal_state.h"

namespace synops::apply {

// rolled_back when everything is restored and healthy; else rollback_incomplete with what remains.
RunResult roll_back(ApplyContext& context, const Plan& plan, const JournalState& state);

}  // namespace synops::apply
