// PostgreSQL effective state from pg_settings (given in memory here; read from a real server
// in postgres_server_test.cpp).
#include <doctest/doctest.h>

#include "support/drift_scenario.h"

namespace synops::testing {
namespace {

Scenario with_connection() {
  Scenario s = settled();
  PostgresConnection connection;
  connection.host.value = "synapse-postgres-rw.matrix.svc";
  connection.at = {"postgres.yaml", 11, 5};
  s.desired.postgres->connection = connection;
  return s;
}

// The server as examples/matrix/postgres.yaml wants it.
std::vector<PgSetting> settings_in_effect() {
  return {{"max_connections", "500", "", "postmaster", false},
          {"shared_buffers", "524288", "8kB", "postmaster", false},
          {"wal_buffers", "2048", "8kB", "postmaster", false},
          {"work_mem", "16384", "kB", "user", false}};
}

PgSetting& named(std::vector<PgSetting>& settings, const std::string& name) {
  for (auto& setting : settings)
    if (setting.name == name) return setting;
  FAIL("no setting " << name);
  throw std::logic_error("unreachable");
}

TEST_CASE("a server running what postgres.yaml asks for is in sync") {
  CHECK(drift_of(with_connection(), settings_in_effect()).in_sync());
}

TEST_CASE("an owned parameter in effect with another value is effective-setting drift") {
  const Scenario s = with_connection();
  auto settings = settings_in_effect();
  named(settings, "work_mem").setting = "8192";
  const DriftReport report = drift_of(s, settings);
  CHECK(lines_of(report) == std::vector<std::string>{
                                "effective-setting Cluster/matrix/synapse-postgres /spec/postgresql/parameters/work_mem: "
                                "\"8MB\" -> \"16MB\""});
  CHECK(report.items[0].where == s.desired.postgres->parameters.position_of("/work_mem"));
}

TEST_CASE("a setting pending restart is reported once, owned or not") {
  const Scenario s = with_connection();
  auto settings = settings_in_effect();
  named(settings, "shared_buffers").setting = "262144";  // 2GB in effect, 4GB configured
  named(settings, "shared_buffers").pending_restart = true;
  named(settings, "wal_buffers").pending_restart = true;
  CHECK(lines_of(drift_of(s, settings)) ==
        std::vector<std::string>{
            "pending-restart Cluster/matrix/synapse-postgres /spec/postgresql/parameters/shared_buffers: \"2GB\" -> \"4GB\"",
            "pending-restart Cluster/matrix/synapse-postgres /spec/postgresql/parameters/wal_buffers: \"16MB\" -> null"});
}

TEST_CASE("an owned parameter the server does not know is drift") {
  Scenario s = with_connection();
  s.desired.postgres->parameters.value["shared_bufers"] = "4GB";
  s.edit_live("Cluster", "synapse-postgres", [](nlohmann::json& body) {
    body["spec"]["postgresql"]["parameters"]["shared_bufers"] = "4GB";
  });
  const DriftReport report = drift_of(s, settings_in_effect());
  CHECK(lines_of(report) == std::vector<std::string>{"effective-setting Cluster/matrix/synapse-postgres "
                                                     "/spec/postgresql/parameters/shared_bufers: null -> \"4GB\""});
  CHECK(report.items[0].message.starts_with("PostgreSQL at synapse-postgres-rw.matrix.svc:5432 has no setting of this name"));
}

TEST_CASE("without settings read, no PostgreSQL effective state is checked") {
  CHECK(drift_of(with_connection(), std::nullopt).in_sync());
}

}  // namespace
}  // namespace synops::testing
