// The manifest keys drift reads: postgres.connection and drift.ignore, good and bad.
#include <doctest/doctest.h>

#include "support/synops_yaml_only.h"

namespace synops {
namespace {

using testing::load_synops_yaml;
using testing::synops_yaml_errors;

TEST_CASE("postgres.connection and drift.ignore load with their positions") {
  auto desired = load_synops_yaml(
      "postgres:\n"
      "  cluster: pg\n"
      "  connection: {host: pg-rw.matrix.svc, port: 5433, dbname: synapse, user: synapse, passfile: /pg/pass, sslmode: require}\n"
      "drift:\n"
      "  ignore:\n"
      "    - {kind: Deployment, name: element-web, path: /spec/template/spec/containers/0/image}\n"
      "    - {kind: ConfigMap}\n");
  REQUIRE_MESSAGE(desired, (desired ? "" : desired.error().front().format()));
  const PostgresConnection& c = *desired->postgres->connection;
  CHECK(c.host.value == "pg-rw.matrix.svc");
  CHECK(c.port == 5433);
  CHECK(c.dbname == "synapse");
  CHECK(c.user == "synapse");
  CHECK(c.passfile == "/pg/pass");
  CHECK(c.sslmode == "require");
  CHECK(c.at.str() == "synops.yaml:4:15");
  const auto& ignore = desired->drift.ignore;
  REQUIRE(ignore.size() == 2);
  CHECK(ignore[0].kind.value == "Deployment");
  CHECK(ignore[0].name->value == "element-web");
  CHECK(ignore[0].path->value == "/spec/template/spec/containers/0/image");
  CHECK(ignore[1].kind.value == "ConfigMap");
  CHECK_FALSE(ignore[1].name);
  CHECK_FALSE(ignore[1].path);
}

TEST_CASE("postgres.connection defaults leave the rest to libpq") {
  auto desired = load_synops_yaml("postgres:\n  cluster: pg\n  connection: {host: /run/postgresql}\n");
  REQUIRE(desired);
  const PostgresConnection& c = *desired->postgres->connection;
  CHECK(c.port == 5432);
  CHECK(c.dbname == "postgres");
  CHECK(c.user.empty());
  CHECK(c.passfile.empty());
  CHECK(c.sslmode.empty());
}

TEST_CASE("bad postgres.connection and drift.ignore are refused with exact diagnostics") {
  struct Case {
    std::string name;
    std::string body;
    std::string expected;
  };
  const Case cases[] = {
      {"a password never goes in the manifests",
       "postgres:\n  cluster: pg\n  connection: {host: h, password: x}\n",
       "synops.yaml:4:25: error: unknown key \"password\" in postgres.connection "
       "(valid keys: host, port, dbname, user, passfile, sslmode, passwordSecret, li)"},
      {"host is required", "postgres:\n  cluster: pg\n  connection: {port: 5432}\n",
       "synops.yaml:4:15: error: missing required key \"host\" in postgres.connection"},
      {"port is a port", "postgres:\n  cluster: pg\n  connection: {host: h, port: 70000}\n",
       "synops.yaml:4:31: error: \"port\" in postgres.connection must be a port number from 1 to 65535, got \"70000\""},
      {"sslmode is libpq's", "postgres:\n  cluster: pg\n  connection: {host: h, sslmode: strict}\n",
       "synops.yaml:4:34: error: \"sslmode\" in postgres.connection must be one of disable, allow, prefer, require, "
       "verify-ca, verify-full, got \"strict\""},
      {"ignore is a sequence", "drift: {ignore: {kind: Pod}}\n",
       "synops.yaml:2:17: error: \"drift.ignore\" must be a sequence, got a mapping"},
      {"a rule needs a kind", "drift:\n  ignore: [{name: synapse-main}]\n",
       "synops.yaml:3:12: error: missing required key \"kind\" in drift.ignore[0]"},
      {"a kind is CamelCase", "drift:\n  ignore: [{kind: statefulset}]\n",
       "synops.yaml:3:19: error: \"kind\" in drift.ignore[0] must be a Kubernetes kind such as StatefulSet, got \"statefulset\""},
      {"a path is a JSON Pointer", "drift:\n  ignore: [{kind: StatefulSet, path: spec.replicas}]\n",
       "synops.yaml:3:38: error: \"path\" in drift.ignore[0] must be a JSON Pointer starting with \"/\" (such as "
       "/spec/replicas or /data/homeserver.yaml#/rc_message), got \"spec.replicas\""},
      {"a name is a Kubernetes name", "drift:\n  ignore: [{kind: Pod, name: Synapse_Main}]\n",
       "synops.yaml:3:30: error: \"name\" in drift.ignore[0] must be a Kubernetes name (lowercase letters, digits, \"-\" and "
       "\".\", starting and ending with a letter or digit, at most 253 characters), got \"Synapse_Main\""},
      {"unknown keys", "drift:\n  ignore: [{kind: Pod, reason: flaky}]\n  ignroe: []\n",
       "synops.yaml:3:24: error: unknown key \"reason\" in drift.ignore[0] (valid keys: kind, name, path)\n"
       "synops.yaml:4:3: error: unknown key \"ignroe\" in drift; did you mean \"ignore\"? (valid keys: ignore)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(synops_yaml_errors(c.body) == c.expected);
  }
}

}  // namespace
}  // namespace synops
