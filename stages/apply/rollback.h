// Undo: the steps a run began, in reverse order, restored from the before-images in the
// journal, each with a fresh precondition (live must hold what apply wrote, or already what
// was there before). Then every workload the run restarted or changed is restarted if the
// config it reads was restored, and all of them must become healthy again. A step past its
// point of no return stops the undos (point_of_no_return.h).
#pragma once
#include "apply_context.h"
#include "engine/plan.h"
#include "journal_state.h"

namespace synops::apply {

struct RollbackOptions {
  // Undo a step past its point of no return too (`synops rollback --through-barrier`), for an
  // operator who restored the backup or knows from the release notes that the old version
  // runs on what the new one left.
  bool through_barrier = false;
};

// rolled_back when everything is restored and healthy; stopped_at_barrier when everything
// after a point of no return that may be undone was, and is healthy (point_of_no_return.h;
// `remaining` then says what stays and the ways on); else rollback_incomplete with what remains.
RunResult roll_back(ApplyContext& context, const Plan& plan, const JournalState& state, RollbackOptions options = {});

}  // namespace synops::apply
