// Health gates: wait until an object is rolled out and ready (kubectl's rules, from
// adapters/kubernetes/readiness.h), with a timeout per kind that an option overrides; and
// the timed pauses of gradual scale-downs. Both renew the lock and stop on Ctrl-C.
#pragma once
#include <chrono>
#include <string>

#include "actuation_context.h"
#include "engine/object_ref.h"
#include "engine/result.h"

namespace synops::apply {

// Defaults: a Deployment or StatefulSet 10 min, a PostgreSQL Cluster or MinIO Tenant 30 min
// (they roll instance by instance), anything else 5 min.
std::chrono::seconds wait_timeout_for(const std::string& kind);

// `label` prefixes progress lines ("[3/12] wait StatefulSet/matrix/synapse-main").
Result<bool> wait_until_ready(ActuationContext& context, const ObjectRef& ref, const std::string& label);

Result<bool> pause_for(ActuationContext& context, std::chrono::seconds pause, const std::string& label);

// Sleeps up to `duration`, waking early on Ctrl-C; false when interrupted.
bool sleep_unless_interrupted(std::chrono::milliseconds duration);

}  // namespace synops::apply
