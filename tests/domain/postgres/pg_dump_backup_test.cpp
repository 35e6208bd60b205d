// A backup step runs again after any interruption (resume re-checks an unfinished step), so
// what an interrupted attempt left beside the journal must not stop it: CI met a second
// Ctrl-C during pg_dump, and resume then failed with "File exists".
#include <doctest/doctest.h>

#include <fstream>

#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "domain/postgres/pg_dump_backup.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("backups: a pg_dump interrupted earlier (partial or complete file left) is replaced by a verified one") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ScratchDir scratch;
  const fs::path file = scratch.path() / "run.a1.pg_dump";
  std::ofstream(file.string() + ".partial") << "half a dump";
  std::ofstream(file) << "an older attempt";
  const auto backup = apply::dump_database(postgres.connection(), file);
  REQUIRE_MESSAGE(backup.has_value(), (backup ? "" : backup.error()[0].message));
  CHECK(backup->path == file);
  CHECK(backup->summary.find("archive entries (pg_restore --list)") != std::string::npos);
  CHECK(slurp(file).starts_with("PGDMP"));  // pg_dump's custom format, not the leftover text
  CHECK((fs::status(file).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(names_in(scratch.path()) == std::vector<std::string>{"run.a1.pg_dump"});
}

TEST_CASE("backups: a failed pg_dump leaves no file that could pass for a backup") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ScratchDir scratch;
  PostgresConnection wrong = postgres.connection();
  wrong.dbname = "no_such_database";
  const auto backup = apply::dump_database(wrong, scratch.path() / "run.a1.pg_dump");
  REQUIRE_FALSE(backup.has_value());
  CHECK(backup.error()[0].message.find("the pg_dump backup of the database no_such_database") != std::string::npos);
  CHECK(names_in(scratch.path()).empty());
}

TEST_CASE("backups: a symlink planted at the partial name is replaced, never written through") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ScratchDir scratch;
  const fs::path target = scratch.path() / "elsewhere";
  std::ofstream(target) << "untouched";
  const fs::path file = scratch.path() / "run.a1.pg_dump";
  fs::create_symlink(target, file.string() + ".partial");
  const auto backup = apply::dump_database(postgres.connection(), file);
  REQUIRE_MESSAGE(backup.has_value(), (backup ? "" : backup.error()[0].message));
  CHECK(slurp(target) == "untouched");
  CHECK(!fs::is_symlink(file));
}
