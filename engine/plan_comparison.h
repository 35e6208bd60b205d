// A saved plan checked against the plan made again now (`apply PLANFILE`). A plan file comes
// from a pull request's CI or a colleague's disk: anyone could have edited it to write a
// field the manifests never asked for (a container's command, a Secret). Applied, it must do
// exactly what the manifests and the cluster call for, which is the plan synops makes now;
// anything else is refused, step by step, without quoting a value.
#pragma once
#include <string>
#include <vector>

#include "plan.h"

namespace synops {

// What `saved` does that `fresh` does not, and the other way round: one sentence per step
// ("step a3 (update StatefulSet/matrix/synapse-main) writes /spec/.../command, which the
// manifests do not ask for"). Empty when both plans hold the same steps, in the same order,
// with the same changes and settings. Values never appear: paths and step names only.
std::vector<std::string> plan_differences(const Plan& saved, const Plan& fresh);

// The same comparison, part by part, for marking rather than refusing (`show PLANFILE DIR`).
struct PlanMatch {
  // One per step of `saved`, in its order: true when `fresh` has no step with its key, or
  // one whose settings (type, target, risk, order, params ...) differ.
  std::vector<bool> step_differs;
  // One per change of each step of `saved`: true when the fresh step has no change of that
  // path, or another one (another value, reason, origin or flag); all true for an unknown step.
  std::vector<std::vector<bool>> change_differs;
  // The keys of the steps `fresh` holds and `saved` lacks, in `fresh`'s order.
  std::vector<std::string> missing;
};

PlanMatch match_plans(const Plan& saved, const Plan& fresh);

}  // namespace synops
