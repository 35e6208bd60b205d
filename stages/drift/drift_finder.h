// `synops drift` without the printing: everything in which the live deployment differs
// from the manifests, whether in the fields synops owns or in what is actually in effect.
#pragma once
#include <optional>
#include <vector>

#include "drift_item.h"
#include "engine/live_state.h"
#include "engine/result.h"
#include "pg_settings.h"
#include "domain/manifests/desired.h"

namespace synops {

// `pg_settings` are the PostgreSQL server's settings when postgres.connection is configured
// (the caller reads them, so this stays free of I/O); without them no PostgreSQL effective
// state is checked. Errors are those of planning (a named object missing live, ...) and an
// unreadable live homeserver.yaml.
Result<DriftReport> find_drift(const Desired& desired, const LiveState& live,
                               const std::optional<std::vector<PgSetting>>& pg_settings);

}  // namespace synops
