// Effective PostgreSQL state against a real server, started and stopped by
// scripts/postgres-test-server (its own data directory, socket directory and port).
#include <doctest/doctest.h>

#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/drift_scenario.h"
#include "support/skip.h"
#include "stages/drift/pg_settings.h"

namespace synops::testing {
namespace {

namespace fs = std::filesystem;

const std::string kScript = std::string(SYNOPS_SOURCE_DIR) + "/scripts/postgres-test-server";

// The server lives as long as the fixture; the script exits 3 when no PostgreSQL is installed.
class PostgresTestServer {
 public:
  PostgresTestServer() {
    std::string pattern = (fs::temp_directory_path() / "synops-pg-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    port_ = 20000 + getpid() % 20000;  // only names the socket file: there is no TCP listener
    const int status = run("start");
    missing_binaries_ = WIFEXITED(status) && WEXITSTATUS(status) == 3;
    started_ = status == 0;
  }
  ~PostgresTestServer() {
    if (started_) run("stop");
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  bool missing_binaries() const { return missing_binaries_; }
  bool started() const { return started_; }
  std::string log() const { return slurp(dir_ / "script.log") + slurp(dir_ / "server.log"); }

  // Runs each statement on its own (ALTER SYSTEM refuses a transaction block).
  void sql(const std::vector<std::string>& statements) const {
    std::string arguments;
    for (const auto& statement : statements) arguments += " -c \"" + statement + "\"";
    REQUIRE_MESSAGE(run("psql", arguments) == 0, log());
  }

  PostgresConnection connection() const {
    PostgresConnection c;
    c.host.value = (dir_ / "socket").string();
    c.port = port_;
    c.user = "synops";
    return c;
  }

 private:
  // scripts/postgres-test-server ACTION DIR PORT [EXTRA], output appended to script.log.
  int run(const std::string& action, const std::string& extra = "") const {
    const std::string command = "'" + kScript + "' " + action + " '" + dir_.string() + "' " + std::to_string(port_) + " " +
                                extra + " >>'" + (dir_ / "script.log").string() + "' 2>&1";
    return std::system(command.c_str());
  }
  static std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  fs::path dir_;
  int port_ = 0;
  bool started_ = false;
  bool missing_binaries_ = false;
};

const PgSetting* find_setting(const std::vector<PgSetting>& settings, const std::string& name) {
  for (const auto& setting : settings)
    if (setting.name == name) return &setting;
  return nullptr;
}

// pg_reload_conf() only signals the postmaster: wait until a new session sees the change.
std::vector<PgSetting> settings_once(const PostgresTestServer& server, const std::function<bool(const std::vector<PgSetting>&)>& ready) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto settings = read_pg_settings(server.connection());
    REQUIRE_MESSAGE(settings, (settings ? "" : settings.error().front().format()));
    if (ready(*settings)) return *settings;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FAIL("the server did not take the new configuration within 10 s");
  return {};
}

// The settled example, owning two parameters of the test server, with the Cluster's spec
// already asking for them (so only effective state can drift).
Scenario owning(const PostgresTestServer& server, const std::string& shared_buffers, const std::string& work_mem) {
  Scenario s = settled();
  s.desired.postgres->connection = server.connection();
  s.desired.postgres->parameters.value = {{"shared_buffers", shared_buffers}, {"work_mem", work_mem}};
  s.edit_live("Cluster", "synapse-postgres", [&](nlohmann::json& body) {
    body["spec"]["postgresql"]["parameters"]["shared_buffers"] = shared_buffers;
    body["spec"]["postgresql"]["parameters"]["work_mem"] = work_mem;
  });
  return s;
}

TEST_SUITE("needs postgresql") {
TEST_CASE("a real PostgreSQL: postmaster settings wait for a restart, reload settings take effect") {
  PostgresTestServer server;
  if (server.missing_binaries())
    synops::testing::skip_test("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (scripts/setup installs postgresql)");
  REQUIRE_MESSAGE(server.started(), server.log());

  // PostgreSQL's defaults: shared_buffers 128MB, work_mem 4MB.
  auto settings = read_pg_settings(server.connection());
  REQUIRE_MESSAGE(settings, (settings ? "" : settings.error().front().format()));
  CHECK(drift_of(owning(server, "128MB", "4MB"), *settings).in_sync());

  SUBCASE("shared_buffers changed with ALTER SYSTEM and a reload is pending restart") {
    server.sql({"ALTER SYSTEM SET shared_buffers = '256MB'", "SELECT pg_reload_conf()"});
    settings = settings_once(server, [](const auto& s) { return find_setting(s, "shared_buffers")->pending_restart; });
    CHECK(find_setting(*settings, "shared_buffers")->context == "postmaster");
    CHECK(lines_of(drift_of(owning(server, "256MB", "4MB"), *settings)) ==
          std::vector<std::string>{"pending-restart Cluster/matrix/synapse-postgres "
                                   "/spec/postgresql/parameters/shared_buffers: \"128MB\" -> \"256MB\""});
  }

  SUBCASE("work_mem changed with ALTER SYSTEM and a reload is in effect, not pending") {
    server.sql({"ALTER SYSTEM SET work_mem = '32MB'", "SELECT pg_reload_conf()"});
    settings = settings_once(server, [](const auto& s) { return find_setting(s, "work_mem")->setting == "32768"; });
    CHECK_FALSE(find_setting(*settings, "work_mem")->pending_restart);
    CHECK(drift_of(owning(server, "128MB", "32MB"), *settings).in_sync());
    // Manifests still asking for the old value see the new one in effect.
    CHECK(lines_of(drift_of(owning(server, "128MB", "4MB"), *settings)) ==
          std::vector<std::string>{"effective-setting Cluster/matrix/synapse-postgres "
                                   "/spec/postgresql/parameters/work_mem: \"32MB\" -> \"4MB\""});
  }
}

}  // TEST_SUITE("needs postgresql")

TEST_CASE("a PostgreSQL that cannot be reached is an error naming the server, not drift") {
  PostgresConnection c;
  c.host.value = "/nonexistent/synops-socket-dir";
  c.port = 5999;
  c.at = {"postgres.yaml", 9, 3};
  auto settings = read_pg_settings(c);
  REQUIRE_FALSE(settings);
  CHECK(settings.error().front().format().starts_with(
      "postgres.yaml:9:3: error: cannot connect to PostgreSQL at /nonexistent/synops-socket-dir:5999 (postgres.connection): "));
}

}  // namespace
}  // namespace synops::testing
