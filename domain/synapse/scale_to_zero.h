// Maintenance mode by the guide's option 1 (§6.2): scale every Synapse process to 0, and at the
// end start them again with the exact counts.
//
// Stopping records each workload's replicas in an annotation on the workload itself
// (synops.io/replicas-before-maintenance) in the same guarded write that scales it to 0, then
// waits until no pod of any of them runs. Starting scales main back first and waits until it
// is ready (after an upgrade it migrates the schema before any worker starts, §2.1), then
// every other workload, and removes the annotations. Both read their progress from the
// cluster, so a run killed halfway is finished by resume or rollback alike; a workload
// without the annotation is running already.
#pragma once
#include <string>

#include "domain/apply_kit/actuator.h"

namespace synops::apply {

inline constexpr const char* kReplicasBeforeMaintenance = "synops.io/replicas-before-maintenance";

// `action.workloads`, main first: stopped in reverse order, started main first.
Result<bool> stop_synapse(ActuationContext& context, const Action& action, const std::string& label);
Result<bool> start_synapse(ActuationContext& context, const Action& action, const std::string& label);

// Each workload's replicas, and the count it has recorded if it is stopped already.
Result<nlohmann::json> synapse_replicas_now(ActuationContext& context, const Action& action);

}  // namespace synops::apply
