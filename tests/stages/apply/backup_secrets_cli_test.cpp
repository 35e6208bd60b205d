// Backups as the guide lists them (§2.1, §5), through the real binary against the test API
// server and a real PostgreSQL: the LI instance's database is dumped with the password read
// from the Secret the manifests name, handed to pg_dump in a private 0600 passfile that is gone
// afterwards, and the password shows nowhere (stdout, stderr, journal). A missing Secret
// refuses the run before anything is written.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <fstream>
#include <sstream>

#include "engine/base64.h"
#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

const ObjectRef kLiSecret{"Secret", "matrix", "synapse-li-app"};
// ":" and "\" must be escaped in a libpq passfile; the canary shows where the value went.
const std::string kPassword = "Li:pa\\ss-CANARY-7f3e9b";
const std::string kLiConnection = ", li: {dbname: synapse_li, user: li_owner, passwordSecret: {name: synapse-li-app}}";

// The LI instance's database, owned by a role that must give its password.
void create_li_database(const ApplyPostgres& postgres) {
  REQUIRE(postgres.psql("CREATE ROLE li_owner LOGIN PASSWORD '" + kPassword + "'") == 0);
  REQUIRE(postgres.psql("CREATE DATABASE synapse_li OWNER li_owner") == 0);
  REQUIRE(postgres.psql_in("synapse_li", "CREATE TABLE li_events (id bigint primary key); ALTER TABLE li_events OWNER TO li_owner") == 0);
  REQUIRE_MESSAGE(postgres.require_password("li_owner") == 0, postgres.log());
}

void create_secret(const ApplyWorld& world, const std::string& key, const std::string& value) {
  const nlohmann::json body = {{"apiVersion", "v1"},
                               {"kind", "Secret"},
                               {"metadata", {{"name", kLiSecret.name}, {"namespace", kLiSecret.ns}}},
                               {"type", "kubernetes.io/basic-auth"},
                               {"data", {{key, base64_encode(value)}}}};
  auto created = world.client.create(kLiSecret, body);
  REQUIRE_MESSAGE(created, created.error().front().message);
}

// pg_dump as synops finds it on PATH: a wrapper that records the passfile it was handed (its
// path, its mode and its directory's, never its content), then runs the real pg_dump.
class PgDumpSpy {
 public:
  explicit PgDumpSpy(const fs::path& dir) : bin_(dir / "bin"), log_(dir / "pg_dump-spy.log") {
    const char* path = std::getenv("PATH");
    path_ = path == nullptr ? "" : path;
    fs::create_directories(bin_);
    std::ofstream(bin_ / "pg_dump") << "#!/bin/sh\n"
                                       "{ echo \"db=$PGDATABASE passfile=$PGPASSFILE\";"
                                       " stat -c 'file=%a' \"$PGPASSFILE\"; stat -c 'dir=%a' \"$(dirname \"$PGPASSFILE\")\"; } >>'"
                                    << log_.string() << "' 2>&1\n"
                                    << "PATH='" << path_ << "' exec pg_dump \"$@\"\n";
    fs::permissions(bin_ / "pg_dump", fs::perms::owner_all);
    ::setenv("PATH", (bin_.string() + ":" + path_).c_str(), 1);
  }
  ~PgDumpSpy() { ::setenv("PATH", path_.c_str(), 1); }
  std::string log() const { return slurp(log_); }
  // The passfile of the dump of `db`, as the spy saw it.
  std::string passfile_of(const std::string& db) const {
    std::istringstream lines(log());
    for (std::string line; std::getline(lines, line);)
      if (line.starts_with("db=" + db + " passfile=")) return line.substr(line.find("passfile=") + 9);
    return "";
  }

 private:
  fs::path bin_, log_;
  std::string path_;
};

}  // namespace

TEST_CASE("cli apply: the LI instance's database is dumped with the password from its Secret, through a private passfile") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  create_li_database(postgres);
  ApplyWorld world;
  create_secret(world, "password", kPassword);
  const fs::path manifests = write_manifests(world, postgres, kLiConnection);
  PgDumpSpy spy(world.scratch.path());
  const auto applied = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  // The plan (printed before it runs) and the run both have the LI's dump and the config copy.
  CHECK(says(applied, "pg_dump of the LI instance's database synapse_li, verified with pg_restore --list"));
  CHECK(says(applied, "pg_dump of the database synapse_li at "));
  CHECK(says(applied, "backup ConfigMap/matrix/synapse-config"));
  // The passfile: handed over for the LI's dump only, 0600 in a 0700 directory, gone after.
  const std::string passfile = spy.passfile_of("synapse_li");
  REQUIRE_MESSAGE(!passfile.empty(), spy.log());
  CHECK(spy.log().find("file=600\ndir=700\n") != std::string::npos);
  CHECK_FALSE(fs::exists(passfile));
  CHECK_FALSE(fs::exists(fs::path(passfile).parent_path()));
  CHECK(spy.passfile_of("synapse") == "");  // the Synapse database's connection names no Secret
  // The dump is there, beside the journal, and reads back.
  int li_dumps = 0;
  for (const auto& entry : fs::directory_iterator(world.journal_dir()))
    li_dumps += entry.path().extension() == ".pg_dump" && fs::file_size(entry.path()) > 0;
  CHECK(li_dumps == 2);  // the Synapse database and the LI's
  // The password appears nowhere: not in what synops printed, not in the journal.
  const std::string journal = all_journals(world.journal_dir());
  CHECK(applied.err.find("CANARY-7f3e9b") == std::string::npos);
  CHECK(journal.find("CANARY-7f3e9b") == std::string::npos);
  CHECK(journal.find("\"password_secret\":{\"key\":\"password\",\"name\":\"synapse-li-app\"}") != std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
  CHECK(world.plan().empty());
}

TEST_CASE("cli apply: a wrong password in the Secret fails the LI's dump before any change, and is not shown either") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  create_li_database(postgres);
  ApplyWorld world;
  create_secret(world, "password", "wrong-CANARY-51d2c0");
  const fs::path manifests = write_manifests(world, postgres, kLiConnection);
  const auto applied = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
  CHECK_MESSAGE(applied.code == 4, applied.err);  // failed before any change: nothing to undo
  CHECK(says(applied, "the pg_dump backup of the database synapse_li at "));
  CHECK_MESSAGE(says(applied, "password authentication failed for user \"li_owner\""), applied.err);
  CHECK(says(applied, "Nothing was changed."));
  CHECK(applied.err.find("CANARY-51d2c0") == std::string::npos);
  CHECK(all_journals(world.journal_dir()).find("CANARY-51d2c0") == std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
}

TEST_CASE("cli apply: a Secret or key that is not there refuses the run before anything is written, naming both") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  create_li_database(postgres);
  for (const bool secret_exists : {false, true}) {
    CAPTURE(secret_exists);
    ApplyWorld world;
    if (secret_exists) create_secret(world, "username", "li_owner");  // the Secret, but no key "password"
    const fs::path manifests = write_manifests(world, postgres, kLiConnection);
    const auto applied = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
    CHECK_MESSAGE(applied.code == 3, applied.err);
    CHECK(says(applied, "the key \"password\" of Secret matrix/synapse-li-app"));
    CHECK(says(applied, secret_exists ? "the Secret has no key \"password\"" : "Secret matrix/synapse-li-app does not exist"));
    CHECK(says(applied, "apply refused."));
    CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
    CHECK((!fs::exists(world.journal_dir()) || all_journals(world.journal_dir()).empty()));
  }
}

TEST_CASE("cli resume: killed at the LI's dump, resume reads the Secret again from the journal's record of it, and finishes") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  create_li_database(postgres);
  ApplyWorld world;
  create_secret(world, "password", kPassword);
  const fs::path manifests = write_manifests(world, postgres, kLiConnection);
  const auto killed = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)), "[2/");
  REQUIRE_MESSAGE(killed.code == -1, killed.err);
  PgDumpSpy spy(world.scratch.path());
  // Without the manifests: only the journal says which database, user and Secret.
  const auto resumed = run_cli(concat({"resume"}, cluster_args(world)));
  CHECK_MESSAGE(resumed.code == 0, resumed.err);
  CHECK(says(resumed, "pg_dump of the database synapse_li at "));
  const std::string passfile = spy.passfile_of("synapse_li");
  REQUIRE_MESSAGE(!passfile.empty(), spy.log());
  CHECK_FALSE(fs::exists(fs::path(passfile).parent_path()));
  CHECK(resumed.err.find("CANARY-7f3e9b") == std::string::npos);
  CHECK(all_journals(world.journal_dir()).find("CANARY-7f3e9b") == std::string::npos);
  CHECK(world.plan().empty());
}
