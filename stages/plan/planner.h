// The guide as a planner: from desired and live state to the ordered, risk-rated plan.
// Each domain planner compares its part of the desired state with live, turns the changes
// into steps, and adds its ordering rules and refusals; then the rules across them.
#pragma once
#include "engine/live_state.h"
#include "engine/plan.h"
#include "engine/plan_builder.h"
#include "engine/result.h"
#include "domain/manifests/desired.h"
#include "domain/postgres/parameter_contexts.h"

namespace synops {

struct PlanOptions {
  bool allow_critical = false;  // permit a PostgreSQL major upgrade (critical risk)
  // The live PostgreSQL server's parameter contexts (read_server_parameter_contexts), when
  // postgres.connection is set and plan reads a live cluster; none: synops's table decides.
  std::optional<ServerParameterContexts> postgres_contexts;
};

// Errors (a workload the manifests name that live lacks, or of another kind) fail the
// whole plan; safety refusals are part of the returned plan.
Result<Plan> plan_deployment(const Desired& desired, const LiveState& live, const PlanOptions& options);

// plan_deployment's two stages, for the benchmarks that time them apart: the planners' steps,
// the rules across planners and safeguards; then ordering, ids and summary (plan_builder.h).
Result<PlanDraft> draft_deployment_plan(const Desired& desired, const LiveState& live, const PlanOptions& options);
Result<Plan> finish_deployment_plan(PlanDraft draft, const LiveState& live);

}  // namespace synops
