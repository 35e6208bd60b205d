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

}  // namespace synops
