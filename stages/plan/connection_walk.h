// The connection budget in every state of the plan, not only at its end: the plan is
// walked in the order apply runs it, and after each step the connections that may be open
// are counted against the limits the server has at that moment (§9.5).
#pragma once
#include <optional>

#include "engine/plan_builder.h"
#include "domain/postgres/postgres_planner.h"
#include "domain/synapse/synapse_planner.h"

namespace synops {

// The first step after which more connections may be open than the server then allows is
// refused ("connection-budget-step"), naming the step and the numbers; a deployment that
// is already over before the plan is only held to not getting worse. Nothing when the end
// state itself is over (check_connection_budget refuses that) or the steps cannot be
// ordered (the plan builder reports that).
std::optional<Refusal> check_connection_budget_per_step(const PlanDraft& draft, const SynapseFacts& synapse,
                                                        const PostgresFacts& postgres);

}  // namespace synops
