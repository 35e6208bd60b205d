// The pods of a Deployment or StatefulSet, found as its controller finds them (the
// workload's spec.selector.matchLabels), and which of them run its current pod template.
// Waits read them to fail a rollout that cannot progress; rollback reads them to decide
// whether an upgrade crossed its point of no return and to free a StatefulSet whose pods are
// stuck on a bad revision.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "actuation_context.h"
#include "engine/live_state.h"
#include "engine/result.h"

namespace synops::apply {

// The pods the workload's selector matches, in its namespace; none when it has no
// matchLabels (a selector synops cannot write as a label query is not guessed at).
Result<std::vector<LiveObject>> pods_of(const ActuationContext& context, const LiveObject& workload);

// Whether the pod's containers run the images of the workload's template, container by
// container, by the pod's status (the reader keeps no pod spec): the pod belongs to the
// template being rolled out (or restored). A pod with no container status yet does not.
bool runs_template(const nlohmann::json& pod, const nlohmann::json& workload);

// The first pod running the template that cannot become ready by waiting, as
// "pod NAME: container C is in CrashLoopBackOff (restarted 3 times)"; nothing when none is.
Result<std::optional<std::string>> stuck_template_pod(const ActuationContext& context, const LiveObject& workload);

}  // namespace synops::apply
