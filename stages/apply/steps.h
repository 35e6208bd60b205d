// One plan step against the cluster, through its actuator (actuators.h): check that apply can
// carry it out, record its before-image, act. Steps are idempotent from the journal's point
// of view: an update whose after-state is already live, or a restart whose stamp is already
// on the template, counts as done, which is what lets resume re-run the step that was in
// flight when a run died.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apply_context.h"
#include "engine/action.h"
#include "engine/plan.h"
#include "engine/result.h"

namespace synops::apply {

// The plan's step with this id ("a3"), or null.
const Action* step_with_id(const Plan& plan, const std::string& id);

// Why apply cannot run this plan at all (before anything is written), or empty.
std::vector<std::string> unsupported_steps(const Plan& plan);

// A program the plan's steps run that cannot be found (helm for a Helm release), as one
// sentence with how to get it: refused before anything is written.
std::vector<std::string> missing_programs(const Plan& plan, const ApplyOptions& options);

// The step-begin record for `action`: the before-image undo needs, read from live and
// checked against the plan ("changed since plan" when live holds neither the plan's before
// nor its after). `previous` is the begin record of an earlier, interrupted try, if any.
Result<nlohmann::json> begin_step(ApplyContext& context, const Action& action, const nlohmann::json* previous);

// Performs the step described by its begin record; returns details for the step-done record.
Result<nlohmann::json> perform_step(ApplyContext& context, const Plan& plan, const Action& action, const nlohmann::json& begin,
                                    const std::string& label);

// Whether carrying out `action` writes to the cluster.
bool writes_cluster(const Action& action);

}  // namespace synops::apply
