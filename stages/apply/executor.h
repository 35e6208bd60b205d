// Runs a plan step by step, as the journal records it: for each step a step-begin record
// (with the before-image), the step (precondition, act, wait, verify), a step-done record.
// A failed step rolls back what ran (rollback.h); Ctrl-C stops between writes. Steps the
// journal already marks done (resume) are skipped; the one in flight is re-checked.
#pragma once
#include "apply_context.h"
#include "engine/plan.h"
#include "journal_state.h"

namespace synops::apply {

// The header record of a new journal: the plan itself (its values are those of the plan
// file: no secret) and what resume and rollback need besides live state.
nlohmann::json journal_header(const Plan& plan, const std::string& lock_id, const std::string& ns, const ApplyOptions& options);

RunResult execute_plan(ApplyContext& context, const Plan& plan, const JournalState& previous);

}  // namespace synops::apply
