// The guide as a planner: from desired and live state to the ordered, risk-rated plan.
// Each provider compiles its part of the desired state into field intents, diffs them
// with live, turns the changes into steps, and adds its ordering rules and refusals.
#pragma once
#include "engine/live_state.h"
#include "engine/plan.h"
#include "engine/plan_builder.h"
#include "engine/result.h"
#include "providers/manifests/desired.h"

namespace synops {

struct PlanOptions {
  bool allow_critical = false;  // permit a PostgreSQL major upgrade (critical risk)
};

// Errors (a workload the manifests name that live lacks, or of another kind) fail the
// whole plan; safety refusals are part of the returned plan.
Result<Plan> plan_deployment(const Desired& desired, const LiveState& live, const PlanOptions& options);

// plan_deployment's two stages, for the benchmarks that time them apart: the providers' steps,
// cross-provider rules and safeguards; then ordering, ids and summary (engine/plan_builder.h).
Result<PlanDraft> draft_deployment_plan(const Desired& desired, const LiveState& live, const PlanOptions& options);
Result<Plan> finish_deployment_plan(PlanDraft draft, const LiveState& live);

}  // namespace synops
