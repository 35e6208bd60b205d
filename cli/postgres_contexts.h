// Whether plan asks the live PostgreSQL server for its parameters' contexts: only when
// postgres.connection is set, a parameter is managed, and live state comes from a cluster,
// never from a snapshot (a snapshot is planned offline, with synops's table).
#pragma once
#include <optional>

#include "domain/manifests/desired.h"
#include "domain/postgres/parameter_contexts.h"

namespace synops::cli {

// `from_snapshot`: live_state_is_snapshot(). A server that cannot be read is not an error:
// the answer says why, and the plan falls back to the table and notes it.
std::optional<ServerParameterContexts> live_parameter_contexts(const Desired& desired, bool from_snapshot);

}  // namespace synops::cli
