// Orders the PostgreSQL update that changes the usable connections (max_connections, the
// reserved slots) against the Synapse steps that change how many may be open: a rise goes
// first, so nothing that adds connections runs against the old limit; a fall goes last,
// after every step that adds or removes connections has finished (§9.5).
#pragma once
#include "engine/plan_builder.h"
#include "domain/postgres/postgres_planner.h"
#include "domain/synapse/synapse_planner.h"

namespace synops {

// Adds nothing when the edges would close a cycle with the planners' own rules: the walk
// of connection_walk.h then names the step that breaks the budget.
void add_connection_ordering(PlanDraft& draft, const SynapseFacts& synapse, const PostgresFacts& postgres);

}  // namespace synops
