// The settings a running PostgreSQL server has in effect, read over libpq from pg_settings.
// This folder is the only user of libpq in synops; it knows no manifests (the callers turn
// postgres.connection into a PgEndpoint).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/result.h"
#include "engine/source_position.h"

namespace synops {

// Where the server is and how to log in; empty strings are left to libpq's defaults and
// environment. There is no password field: libpq reads it from the passfile.
struct PgEndpoint {
  std::string host;  // a host name, or a unix socket directory (starts with "/")
  std::int64_t port = 5432;
  std::string dbname;
  std::string user;
  std::string passfile;
  std::string sslmode;
  std::string application_name;  // shown in pg_stat_activity: which synops command reads
  std::string configured_by;     // the manifest key that names the server, for messages
  SourcePosition at;             // where that key is
};

struct PgSetting {
  std::string name;
  std::string setting;  // in `unit` ("16384" with unit "8kB" is 128MB)
  std::string unit;     // "", "B", "kB", "8kB", "MB", "ms", "s", "min" ...
  std::string context;  // "postmaster" needs a restart, "sighup" a reload ...
  bool pending_restart = false;  // changed in the configuration, not in effect until a restart
};

// "host:port", as messages and plans name the server (never with a password: there is none).
std::string pg_server_name(const PgEndpoint& endpoint);

// `SELECT name, setting, unit, context, pending_restart FROM pg_settings`, in name order.
// An error names the server and the manifest key, at its position.
Result<std::vector<PgSetting>> read_pg_settings(const PgEndpoint& endpoint);

}  // namespace synops
