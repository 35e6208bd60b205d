// Field drift is what `plan` would change: the planner is the one definition of which
// fields synops owns and what they should be, so drift reuses it instead of a second diff.
#pragma once
#include <vector>

#include "drift_item.h"
#include "engine/plan.h"

namespace synops {

// One item per changed field of the plan's update steps. A field changed in several steps
// (a gradual scale-down 8 -> 6 -> 4) is one item from its live value to its final value.
std::vector<DriftItem> field_drift(const Plan& plan);

}  // namespace synops
