#include "pg_settings.h"

#include <libpq-fe.h>

#include <memory>
#include <vector>

namespace synops {

namespace {

using ConnectionPtr = std::unique_ptr<PGconn, decltype(&PQfinish)>;
using ResultPtr = std::unique_ptr<PGresult, decltype(&PQclear)>;

constexpr const char* kQuery =
    "SELECT name, setting, coalesce(unit, ''), context, pending_restart FROM pg_settings ORDER BY name";

// libpq keyword/value pairs; empty values are left to libpq's defaults and environment.
ConnectionPtr connect(const PgEndpoint& e) {
  const std::string port = std::to_string(e.port);
  std::vector<const char*> keys, values;
  // Values point into `e`, `port` and literals, which outlive the call.
  auto add = [&](const char* key, const char* value) {
    if (*value == '\0') return;
    keys.push_back(key);
    values.push_back(value);
  };
  add("host", e.host.c_str());
  add("port", port.c_str());
  add("dbname", e.dbname.c_str());
  add("user", e.user.c_str());
  add("passfile", e.passfile.c_str());
  add("sslmode", e.sslmode.c_str());
  add("connect_timeout", "10");
  add("application_name", e.application_name.c_str());
  keys.push_back(nullptr);
  values.push_back(nullptr);
  return ConnectionPtr(PQconnectdbParams(keys.data(), values.data(), 0), &PQfinish);
}

// libpq's messages end in a newline and may span lines; one sentence is enough here.
std::string first_line(const char* message) {
  std::string text = message ? message : "";
  if (auto end = text.find('\n'); end != std::string::npos) text.resize(end);
  return text;
}

}  // namespace

std::string pg_server_name(const PgEndpoint& endpoint) { return endpoint.host + ":" + std::to_string(endpoint.port); }

Result<std::vector<PgSetting>> read_pg_settings(const PgEndpoint& endpoint) {
  ConnectionPtr conn = connect(endpoint);
  const std::string by = endpoint.configured_by.empty() ? "" : " (" + endpoint.configured_by + ")";
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK)
    return fail("cannot connect to PostgreSQL at " + pg_server_name(endpoint) + by + ": " +
                    first_line(conn ? PQerrorMessage(conn.get()) : "out of memory"),
                endpoint.at);
  ResultPtr result(PQexec(conn.get(), kQuery), &PQclear);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK)
    return fail("cannot read pg_settings from PostgreSQL at " + pg_server_name(endpoint) + ": " +
                    first_line(PQerrorMessage(conn.get())),
                endpoint.at);
  std::vector<PgSetting> settings;
  for (int row = 0; row < PQntuples(result.get()); ++row) {
    auto text = [&](int column) { return std::string(PQgetvalue(result.get(), row, column)); };
    settings.push_back({text(0), text(1), text(2), text(3), text(4) == "t"});
  }
  return settings;
}

}  // namespace synops
