// The settings a running PostgreSQL server has in effect, read over libpq from
// pg_settings. This file is the only user of libpq in synops.
#pragma once
#include <string>
#include <vector>

#include "engine/result.h"
#include "domain/manifests/desired.h"

namespace synops {

struct PgSetting {
  std::string name;
  std::string setting;  // in `unit` ("16384" with unit "8kB" is 128MB)
  std::string unit;     // "", "B", "kB", "8kB", "MB", "ms", "s", "min" ...
  std::string context;  // "postmaster" needs a restart, "sighup" a reload ...
  bool pending_restart = false;  // changed in the configuration, not in effect until a restart
};

// `SELECT name, setting, unit, context, pending_restart FROM pg_settings`, in name order.
// The password, if any, comes from the passfile (libpq reads it): never from the manifests.
Result<std::vector<PgSetting>> read_pg_settings(const PostgresConnection& connection);

}  // namespace synops
