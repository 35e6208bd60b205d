// The private passfile apply hands pg_dump when the password comes from a Secret.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "domain/postgres/database_password.h"

using namespace synops;
using namespace synops::apply;
namespace fs = std::filesystem;

namespace {

PostgresConnection li_database() {
  PostgresConnection c;
  c.host.value = "/run/postgresql";
  c.dbname = "synapse:li";
  c.user = "li\\owner";
  return c;
}

unsigned mode_of(const fs::path& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

}  // namespace

TEST_CASE("a passfile line escapes ':' and '\\' in every field libpq reads, and matches any host and port") {
  CHECK(passfile_line(li_database(), "p:w\\d") == "*:*:synapse\\:li:li\\\\owner:p\\:w\\\\d\n");
  PostgresConnection any_user = li_database();
  any_user.user.clear();
  CHECK(passfile_line(any_user, "secret") == "*:*:synapse\\:li:*:secret\n");
}

TEST_CASE("the private passfile is 0600 in a 0700 directory of its own, and both are gone with it") {
  fs::path file;
  {
    auto passfile = PrivatePassfile::write(li_database(), "s3cret-value");
    REQUIRE_MESSAGE(passfile, passfile.error().front().message);
    file = passfile->path();
    CHECK(mode_of(file) == 0600);
    CHECK(mode_of(file.parent_path()) == 0700);
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str() == "*:*:synapse\\:li:li\\\\owner:s3cret-value\n");
  }
  CHECK_FALSE(fs::exists(file));
  CHECK_FALSE(fs::exists(file.parent_path()));
}
