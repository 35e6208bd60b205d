// The settings the server named by postgres.connection has in effect (adapters/postgres),
// for drift's effective-setting and pending-restart items.
#pragma once
#include <vector>

#include "adapters/postgres/pg_settings.h"
#include "engine/result.h"
#include "domain/manifests/desired.h"

namespace synops {

// The password, if any, comes from the passfile (libpq reads it): never from the manifests.
Result<std::vector<PgSetting>> read_pg_settings(const PostgresConnection& connection);

}  // namespace synops
