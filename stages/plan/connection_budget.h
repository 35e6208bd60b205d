// The connection budget (§9.5): every Synapse process opens up to cp_max connections, so
// processes x cp_max must fit in max_connections minus the reserved slots and a margin
// for the operator's own tools. A plan that breaks it is refused, naming the numbers.
#pragma once
#include <optional>

#include "engine/plan.h"
#include "domain/postgres/postgres_planner.h"
#include "domain/synapse/synapse_planner.h"

namespace synops {

std::optional<Refusal> check_connection_budget(const SynapseFacts& synapse, const PostgresFacts& postgres);

}  // namespace synops
