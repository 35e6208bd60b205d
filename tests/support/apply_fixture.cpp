#include "apply_fixture.h"
#include "example_objects.h"
#include "slurp.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "adapters/kubernetes/cluster_reader.h"
#include "domain/manifests/manifest_loader.h"
#include "stages/plan/planner.h"

namespace synops::testing {

namespace fs = std::filesystem;

namespace {

const std::string kScript = std::string(SYNOPS_SOURCE_DIR) + "/scripts/postgres-test-server";

std::vector<std::string> with_seed(std::vector<std::string> arguments) {
  // --forced-rollback: a StatefulSet pod stuck on a bad revision stays until deleted, as in
  // Kubernetes; apply's undo must delete it (domain/apply_kit/object_update.h).
  arguments.insert(arguments.begin(), {"--seed", example_snapshot().string(), "--tick-ms", "20", "--forced-rollback"});
  return arguments;
}

Desired example_desired() {
  auto desired = load_manifests(fs::path(SYNOPS_SOURCE_DIR) / "examples/matrix");
  REQUIRE(desired);
  return std::move(*desired);
}

}  // namespace

ApplyPostgres::ApplyPostgres() {
  std::string pattern = (fs::temp_directory_path() / "synops-apply-pg-XXXXXX").string();
  dir_ = mkdtemp(pattern.data());
  port_ = 40000 + getpid() % 20000;  // names the socket file only: there is no TCP listener
  const int status = run("start");
  missing_binaries_ = WIFEXITED(status) && WEXITSTATUS(status) == 3;
  started_ = status == 0;
  if (started_) started_ = psql("CREATE DATABASE synapse") == 0 &&
                           run("psql", "-d synapse -c 'CREATE TABLE events (id bigint primary key, body text)' "
                                       "-c \"INSERT INTO events VALUES (1, 'hello')\"") == 0;
}

ApplyPostgres::~ApplyPostgres() {
  if (!missing_binaries_) run("stop");
  std::error_code ignored;
  fs::remove_all(dir_, ignored);
}

std::string ApplyPostgres::log() const { return slurp(dir_ / "script.log") + slurp(dir_ / "server.log"); }

PostgresConnection ApplyPostgres::connection() const {
  PostgresConnection c;
  c.host.value = (dir_ / "socket").string();
  c.port = port_;
  c.user = "synops";
  c.dbname = "synapse";
  return c;
}

int ApplyPostgres::psql(const std::string& sql) const { return run("psql", "-c \"" + sql + "\""); }

int ApplyPostgres::psql_in(const std::string& dbname, const std::string& sql) const {
  return run("psql", "-d " + dbname + " -c \"" + sql + "\"");
}

int ApplyPostgres::require_password(const std::string& role) const { return run("require-password", role); }

int ApplyPostgres::run(const std::string& action, const std::string& extra) const {
  const std::string command = "'" + kScript + "' " + action + " '" + dir_.string() + "' " + std::to_string(port_) + " " + extra +
                              " >>'" + (dir_ / "script.log").string() + "' 2>&1";
  return std::system(command.c_str());
}

ApplyWorld::ApplyWorld(std::vector<std::string> server_arguments)
    : server(with_seed(std::move(server_arguments))), desired(example_desired()), client(server.client()) {}

LiveState ApplyWorld::live() const {
  auto live = kube::read_cluster(client, std::vector<std::string>{"matrix", "minio-tenant"});
  REQUIRE(live);
  return std::move(*live);
}

Plan ApplyWorld::plan() const {
  auto plan = plan_deployment(desired, live(), {});
  REQUIRE(plan);
  return std::move(*plan);
}

std::shared_ptr<const apply::JournalKey> test_journal_key() {
  const char* state = std::getenv("XDG_STATE_HOME");
  REQUIRE(state != nullptr);
  auto key = apply::JournalKey::load_or_create(fs::path(state) / "synops" / "journal.key");
  REQUIRE_MESSAGE(key, key.error().front().message);
  return std::make_shared<const apply::JournalKey>(std::move(*key));
}

apply::SessionSetup ApplyWorld::setup(const ApplyPostgres* database) const {
  apply::SessionSetup setup;
  setup.journal_dir = journal_dir();
  setup.ns = "matrix";
  setup.journal_key = test_journal_key();
  setup.options.poll_interval = std::chrono::milliseconds(20);
  setup.options.wait_timeout = std::chrono::seconds(20);
  if (database != nullptr) setup.options.database = database->connection();
  return setup;
}

std::string ApplyWorld::journal_text() const {
  std::string text;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(journal_dir(), error))
    if (entry.path().extension() == ".journal") text += slurp(entry.path());
  return text;
}

nlohmann::json ApplyWorld::live_value(const ObjectRef& ref, const std::string& pointer) const {
  auto object = client.get(ref);
  REQUIRE(object);
  REQUIRE(object->has_value());
  const nlohmann::json::json_pointer at(pointer);
  return (*object)->body.json().contains(at) ? (*object)->body.json().at(at) : nlohmann::json();
}

bool lease_free(const ApplyWorld& world) { return world.live_value(kApplyLease, "/spec/holderIdentity").is_null(); }

std::vector<std::string> plan_keys(const Plan& plan) {
  std::vector<std::string> keys;
  for (const auto& action : plan.actions) keys.push_back(action.key);
  return keys;
}

}  // namespace synops::testing
