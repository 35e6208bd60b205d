// postgres.connection.passwordSecret and postgres.connection.li: where apply's pg_dump
// backups find the password (a Secret, by name and key only) and the LI instance's database.
#include <doctest/doctest.h>

#include "support/synops_yaml_only.h"

namespace synops {
namespace {

const std::string kLi = "synapse:\n  li: {kind: StatefulSet, name: synapse-li}\n";

using testing::load_synops_yaml;
using testing::synops_yaml_errors;

TEST_CASE("passwordSecret names a Secret and key; li takes the server from the connection") {
  auto desired = load_synops_yaml(kLi +
                      "postgres:\n"
                      "  cluster: pg\n"
                      "  connection:\n"
                      "    host: pg-rw\n"
                      "    port: 5433\n"
                      "    sslmode: require\n"
                      "    dbname: synapse\n"
                      "    user: synapse\n"
                      "    passwordSecret: {name: pg-app}\n"
                      "    li: {dbname: synapse_li, user: synapse_li, passwordSecret: {name: li-db, key: pw.txt}}\n");
  REQUIRE_MESSAGE(desired, (desired ? "" : desired.error().front().format()));
  const PostgresConnection& main = *desired->postgres->connection;
  REQUIRE(main.password_secret);
  CHECK(main.password_secret->name.value == "pg-app");
  CHECK(main.password_secret->key == "password");  // CNPG's <cluster>-app key
  const auto& li = desired->postgres->li_connection;
  REQUIRE(li);
  CHECK(li->host.value == "pg-rw");
  CHECK(li->port == 5433);
  CHECK(li->sslmode == "require");
  CHECK(li->dbname == "synapse_li");
  CHECK(li->user == "synapse_li");
  CHECK(li->passfile.empty());
  REQUIRE(li->password_secret);
  CHECK(li->password_secret->name.value == "li-db");
  CHECK(li->password_secret->key == "pw.txt");
  CHECK(li->at.str() == "synops.yaml:13:9");
}

TEST_CASE("bad passwordSecret and li are refused at file:line:col with the key") {
  struct Case {
    std::string name;
    std::string body;
    std::string expected;
  };
  const Case cases[] = {
      {"a Secret needs a name", kLi + "postgres:\n  cluster: pg\n  connection: {host: h, passwordSecret: {key: password}}\n",
       "synops.yaml:6:41: error: missing required key \"name\" in postgres.connection.passwordSecret"},
      {"the name is a Kubernetes name", kLi + "postgres:\n  cluster: pg\n  connection: {host: h, passwordSecret: {name: PG_App}}\n",
       "synops.yaml:6:48: error: \"name\" in postgres.connection.passwordSecret must be a Kubernetes name (lowercase letters, "
       "digits, \"-\" and \".\", starting and ending with a letter or digit, at most 253 characters), got \"PG_App\""},
      {"the key is a Secret key", kLi + "postgres:\n  cluster: pg\n  connection: {host: h, passwordSecret: {name: a, key: \"p w\"}}\n",
       "synops.yaml:6:56: error: \"key\" in postgres.connection.passwordSecret must be a Secret key (letters, digits, \"-\", \"_\" "
       "and \".\"), got \"p w\""},
      {"no value in the manifests", kLi + "postgres:\n  cluster: pg\n  connection: {host: h, passwordSecret: {name: a, value: x}}\n",
       "synops.yaml:6:51: error: unknown key \"value\" in postgres.connection.passwordSecret (valid keys: name, key)"},
      {"li needs its database", kLi + "postgres:\n  cluster: pg\n  connection: {host: h, li: {user: li}}\n",
       "synops.yaml:6:29: error: missing required key \"dbname\" in postgres.connection.li"},
      {"li is on the connection's server", kLi + "postgres:\n  cluster: pg\n  connection: {host: h, li: {dbname: l, host: other}}\n",
       "synops.yaml:6:41: error: unknown key \"host\" in postgres.connection.li (valid keys: dbname, user, passfile, passwordSecret)"},
      {"li needs the LI workload", "postgres:\n  cluster: pg\n  connection: {host: h, li: {dbname: synapse_li}}\n",
       "synops.yaml:4:29: error: postgres.connection.li names the database of the LI instance, but synapse.li names no LI "
       "workload; add synapse.li to topology.yaml or remove postgres.connection.li"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(synops_yaml_errors(c.body) == c.expected);
  }
}

}  // namespace
}  // namespace synops
