// Test matrix S9, S10 and S11: the pg_dump backup runs without a shell and gets the database
// password only through libpq's passfile, and never the cluster's bearer token. A pg_dump shim first in PATH records, while it
// runs, its own /proc/<pid>/cmdline and environ and its parent's executable, then execs the
// real pg_dump.
#include <doctest/doctest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

#include "support/canary_forms.h"
#include "support/cli_run.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

const std::string kDatabaseCanary = "CANARY-pgpass-word-71c3";
const std::string kTokenCanary = "CANARYkubeT0ken5e2d9";  // the kubeconfig's bearer token

fs::path real_pg_dump() {
  const std::string path = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  for (size_t start = 0; start <= path.size();) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    const fs::path candidate = fs::path(path.substr(start, end - start)) / "pg_dump";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

// A PATH whose first directory holds the recording pg_dump; restored when it goes.
class ShimmedPath {
 public:
  ShimmedPath(const fs::path& dir, const fs::path& record, const fs::path& real) : old_(std::getenv("PATH")) {
    fs::create_directories(dir);
    std::ofstream(dir / "pg_dump") << "#!/bin/sh\n"
                                   << "tr '\\0' '\\n' < /proc/$$/cmdline > '" << (record / "cmdline").string() << "'\n"
                                   << "tr '\\0' '\\n' < /proc/$$/environ > '" << (record / "environ").string() << "'\n"
                                   << "readlink /proc/$PPID/exe > '" << (record / "parent").string() << "'\n"
                                   << "exec '" << real.string() << "' \"$@\"\n";
    fs::permissions(dir / "pg_dump", fs::perms::owner_all);
    ::setenv("PATH", (dir.string() + ":" + old_).c_str(), 1);
  }
  ~ShimmedPath() { ::setenv("PATH", old_.c_str(), 1); }

 private:
  std::string old_;
};

}  // namespace

TEST_CASE("pg_dump runs without a shell; the password reaches it through PGPASSFILE only, never argv or env; the cluster token never") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  const fs::path real = real_pg_dump();
  REQUIRE_MESSAGE(!real.empty(), "no pg_dump in PATH");
  ApplyWorld world({"--token", kTokenCanary});
  const fs::path passfile = world.scratch.path() / "pgpass";
  std::ofstream(passfile) << "*:*:*:*:" << kDatabaseCanary << "\n";
  fs::permissions(passfile, fs::perms::owner_read | fs::perms::owner_write);
  const fs::path manifests = write_manifests(world, postgres, ", passfile: \"" + passfile.string() + "\"");
  const fs::path record = world.scratch.path() / "record";
  fs::create_directories(record);
  Finished run;
  {
    ShimmedPath shim(world.scratch.path() / "bin", record, real);
    run = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)), "[2/");  // after the backup
  }
  REQUIRE_MESSAGE(fs::exists(record / "cmdline"), run.err);
  const std::string argv = slurp(record / "cmdline");
  const std::string environment = slurp(record / "environ");
  CHECK(argv.find("--no-password\n") != std::string::npos);
  CHECK(argv.find("--format=custom\n") != std::string::npos);
  CHECK(canary_leaks(argv, kDatabaseCanary).empty());
  CHECK(canary_leaks(environment, kDatabaseCanary).empty());
  CHECK(canary_leaks(argv, kTokenCanary).empty());  // S9: the kubeconfig token stays in synops
  CHECK(canary_leaks(environment, kTokenCanary).empty());
  CHECK(("\n" + environment).find("\nPGPASSFILE=" + passfile.string() + "\n") != std::string::npos);
  CHECK(environment.find("PGPASSWORD") == std::string::npos);
  // No shell between synops and pg_dump: the shim's parent is synops itself.
  std::string parent = slurp(record / "parent");
  while (!parent.empty() && parent.back() == '\n') parent.pop_back();
  CHECK(fs::path(parent) == fs::canonical(SYNOPS_BINARY));
  // No temporary passfile or other leftover beside the journal and its backups.
  for (const auto& entry : fs::directory_iterator(world.journal_dir())) {
    const std::string name = entry.path().filename().string();
    CHECK_MESSAGE((name.ends_with(".journal") || name.ends_with(".pg_dump") || name.ends_with(".json")), name);
  }
}
