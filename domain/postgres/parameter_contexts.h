// How a PostgreSQL parameter change takes effect. The live server's pg_settings.context
// is the authority when a connection is available; this table (PostgreSQL 16-18, from
// guc_tables) is the fallback used when planning from a snapshot.
#pragma once
#include <string_view>

namespace synops {

// True for postmaster-context parameters: a change needs a server restart, which CNPG
// performs as a rolling restart (replicas first, the primary last).
bool parameter_needs_restart(std::string_view name, int major_version);

// Hot-standby-sensitive parameters: a standby needs values >= the primary's, so CNPG
// restarts the primary first when one of them decreases.
bool parameter_is_standby_sensitive(std::string_view name);

}  // namespace synops
