// The pods of a Deployment or StatefulSet, found as its controller finds them (the
// workload's spec.selector.matchLabels), and which of them run its current pod template.
// Waits read them to fail a rollout that cannot progress; rollback reads them to decide
// whether an upgrade crossed its point of no return and to free a StatefulSet whose pods are
// stuck on a bad revision.
#pragma once
#include <functional>
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

// The forced rollback's deletion: each of `pods` that is not ready and that `current` does not
// claim is deleted by uid (a pod recreated meanwhile is left alone), with a progress line that
// says why and that `workload` does not replace a pod left on `left_on` by itself.
Result<bool> delete_pods_left_behind(ActuationContext& context, const ObjectRef& workload, const std::vector<LiveObject>& pods,
                                     const std::function<bool(const nlohmann::json& pod)>& current, const std::string& left_on);

// Kubernetes' forced rollback for a StatefulSet whose template a rollback has just restored or
// restarted: once its controller has seen that template (observedGeneration, updateRevision),
// deletes the pods that are not ready and not of the update revision. An OrderedReady
// controller never replaces such a pod by itself, so the rollback would wait for ever. Deleted
// by uid, so a pod recreated meanwhile is left alone. Each deletion is a progress line.
Result<bool> free_pods_stuck_on_old_revisions(ActuationContext& context, const ObjectRef& statefulset);

// The first pod running the template that cannot become ready by waiting, as
// "pod NAME: container C is in CrashLoopBackOff (restarted 3 times)"; nothing when none is.
Result<std::optional<std::string>> stuck_template_pod(const ActuationContext& context, const LiveObject& workload);

}  // namespace synops::apply
