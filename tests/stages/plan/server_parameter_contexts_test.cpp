// Plan reads the parameter contexts of a real PostgreSQL server (postgres.connection) when it
// plans against a live cluster: the real binary against the Kubernetes API test server
// (issue #15: 2).
#include <doctest/doctest.h>

#include <fstream>

#include "domain/postgres/server_parameter_contexts.h"
#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "support/skip.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {


// PostgreSQL 14, for which synops has no table: only the server can say that work_mem reloads.
fs::path manifests_on_postgres_14(const ApplyWorld& world, const ApplyPostgres& postgres) {
  REQUIRE(world.client.merge_patch(kPostgresCluster, {{"spec", {{"imageName", "ghcr.io/cloudnative-pg/postgresql:14.10"}}}}, ""));
  const fs::path dir = write_manifests(world, postgres);
  replace_in(dir / "values/images.yaml", "postgresql:16.3", "postgresql:14.10");
  replace_in(dir / "postgres.yaml", "work_mem: 16MB", "work_mem: 64MB");
  return dir;
}

std::vector<std::string> plan_args(const ApplyWorld& world, const fs::path& manifests) {
  return {"plan", manifests.string(), "--explain", "--kubeconfig", (world.server.certs() / "kubeconfig-token.yaml").string()};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_SUITE("needs postgresql") {
TEST_CASE("the contexts read from a real server: postmaster, user, superuser-backend, internal") {
  ApplyPostgres postgres;
  if (postgres.missing_binaries())
    skip_test("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (scripts/setup installs postgresql)");
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  const auto contexts = read_server_parameter_contexts(postgres.connection());
  REQUIRE_MESSAGE(contexts.read(), contexts.unreadable);
  CHECK(contexts.server == postgres.connection().host.value + ":" + std::to_string(postgres.connection().port));
  CHECK(contexts.by_name.at("track_commit_timestamp") == ParameterContext::postmaster);
  CHECK(contexts.by_name.at("max_logical_replication_workers") == ParameterContext::postmaster);
  CHECK(contexts.by_name.at("work_mem") == ParameterContext::user);
  CHECK(contexts.by_name.at("log_connections") == ParameterContext::superuser_backend);
  CHECK(contexts.by_name.at("block_size") == ParameterContext::internal);
  CHECK(contexts.by_name.at("datestyle") == ParameterContext::user);  // kept in lower case
  CHECK(contexts.by_name.size() > 300);
}

TEST_CASE("cli plan against a live cluster takes the contexts from postgres.connection's server") {
  ApplyPostgres postgres;
  if (postgres.missing_binaries())
    skip_test("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (scripts/setup installs postgresql)");
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = manifests_on_postgres_14(world, postgres);
  const auto planned = run_cli(plan_args(world, manifests));
  CHECK_MESSAGE(planned.code == 0, planned.err);
  const std::string server = postgres.connection().host.value + ":" + std::to_string(postgres.connection().port);
  CHECK_MESSAGE(contains(planned.err, "because: postgres.parameters.work_mem in postgres.yaml:9:15 (a user parameter, applied "
                                      "on reload)"), planned.err);
  CHECK(contains(planned.err, "CloudNativePG reloads the configuration on every instance, without a restart"));
  CHECK(contains(planned.err, "PostgreSQL parameter contexts (restart or reload) were read from the server at " + server +
                                  " (pg_settings)."));
}
}  // TEST_SUITE("needs postgresql")

TEST_CASE("cli plan against a live cluster whose PostgreSQL cannot be reached: the table decides, and the plan says why") {
  ApplyWorld world;
  const fs::path dir = world.scratch.path() / "manifests";
  fs::copy(fs::path(SYNOPS_SOURCE_DIR) / "examples/matrix", dir, fs::copy_options::recursive);
  std::ofstream(dir / "postgres.yaml", std::ios::app) << "  connection: {host: /nonexistent/synops-socket-dir, port: 5999}\n";
  replace_in(dir / "postgres.yaml", "work_mem: 16MB", "work_mem: 64MB");
  const auto planned = run_cli(plan_args(world, dir));
  CHECK_MESSAGE(planned.code == 0, planned.err);
  CHECK_MESSAGE(contains(planned.err, "postgres.parameters.work_mem in postgres.yaml:9:15 (a user parameter, applied on reload)"),
                planned.err);
  CHECK(contains(planned.err, "PostgreSQL parameter contexts (restart or reload) come from synops's table for PostgreSQL 16 "
                              "(pg_settings of PostgreSQL 16.14); the server at /nonexistent/synops-socket-dir:5999 could not "
                              "be read: cannot connect to PostgreSQL at /nonexistent/synops-socket-dir:5999"));
}
