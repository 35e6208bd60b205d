#include <doctest/doctest.h>

#include "engine/redacted_value.h"
#include "domain/synapse/config_hash.h"
#include "adapters/snapshot/snapshot_redaction.h"
#include "adapters/yaml/yaml_tree.h"
#include "support/example_objects.h"

using namespace synops;
using synops::testing::kSynapseConfigMap;
using json = nlohmann::json;

namespace {


json redacted_body(const ObjectRef& ref, const json& body) {
  LiveState live;
  live.add(LiveObject{ref, "v1", "1", body});
  const LiveState redacted = with_secrets_redacted(live);
  return redacted.find(ref)->body.json();
}

json parsed(const std::string& text) {
  auto tree = parse_yaml_tree(text, "test");
  REQUIRE(tree);
  return tree->value;
}

}  // namespace

TEST_CASE("snapshot redaction: homeserver.yaml's credentials become markers; every other byte stays") {
  const std::string text =
      "# Synapse\n"
      "server_name: example.org\n"
      "form_secret: \"f0rm-s3cret\"   # keep this comment\n"
      "macaroon_secret_key: m4caroon\n"
      "signing_key_path: /data/signing.key\n"
      "database:\n"
      "  name: psycopg2\n"
      "  args: {user: synapse, password: db-pa55, host: synapse-postgres-rw, cp_max: 10}\n"
      "email:\n"
      "  smtp_pass:\n"
      "rc_message: {per_second: 10, burst_count: 50}\n";
  const json body = redacted_body(kSynapseConfigMap, {{"metadata", {{"name", "synapse-config"}}}, {"data", {{"homeserver.yaml", text}}}});
  const std::string out = body["data"]["homeserver.yaml"];
  for (const std::string secret : {"f0rm-s3cret", "m4caroon", "db-pa55"}) CHECK(out.find(secret) == std::string::npos);
  CHECK(out.starts_with("# Synapse\nserver_name: example.org\nform_secret: \"synops-redacted:"));
  CHECK(out.find("\"   # keep this comment\n") != std::string::npos);
  CHECK(out.find("signing_key_path: /data/signing.key\n") != std::string::npos);  // a path, not a credential
  CHECK(out.find("email:\n  smtp_pass:\nrc_message: {per_second: 10, burst_count: 50}\n") != std::string::npos);  // null stays
  const json document = parsed(out);
  CHECK(same_value_unless_redacted(document["form_secret"], "f0rm-s3cret"));
  CHECK(same_value_unless_redacted(document["database"]["args"]["password"], "db-pa55"));
  CHECK(document["database"]["args"]["host"] == "synapse-postgres-rw");
  CHECK(document["database"]["args"]["cp_max"] == 10);
  // drift compares pods' stamped hash with the original text's.
  CHECK(redacted_text_hash(body, "homeserver.yaml") == config_hash(text));
  CHECK(redacted_text_hash(body, "other.yaml") == std::nullopt);
}

TEST_CASE("snapshot redaction: a credential inside a list rewrites the document as JSON with the same values") {
  const std::string text =
      "oidc_providers:\n"
      "  - idp_id: sso\n"
      "    client_secret: 0idc-s3cret\n"
      "registration_shared_secret: r3g\n"
      "secrets: {nested: {deeper: n3sted}}\n"
      "turn_shared_secret: [turn-one, turn-two]\n";
  const json body = redacted_body(kSynapseConfigMap, {{"data", {{"homeserver.yaml", text}}}});
  const std::string out = body["data"]["homeserver.yaml"];
  for (const std::string secret : {"0idc-s3cret", "r3g", "n3sted", "turn-one", "turn-two"}) CHECK(out.find(secret) == std::string::npos);
  const json document = parsed(out);
  CHECK(document["oidc_providers"][0]["idp_id"] == "sso");
  CHECK(same_value_unless_redacted(document, parsed(text)));
  CHECK_FALSE(same_value_unless_redacted(document, parsed("oidc_providers:\n  - {idp_id: sso, client_secret: other}\n"
                                                          "registration_shared_secret: r3g\nsecrets: {nested: {deeper: n3sted}}\n"
                                                          "turn_shared_secret: [turn-one, turn-two]\n")));
}

TEST_CASE("snapshot redaction: data keys named like credentials, env values, and what is left alone") {
  const json config = redacted_body(kSynapseConfigMap, {{"data",
                                               {{"registration_shared_secret", "r3g"},
                                                {"start.sh", "#!/bin/sh\nexec synapse\n"},
                                                {"log.yaml", "version: 1\nroot: {level: INFO}\n"}}}});
  CHECK(same_value_unless_redacted(config["data"]["registration_shared_secret"], "r3g"));
  CHECK(config["data"]["start.sh"] == "#!/bin/sh\nexec synapse\n");
  CHECK(config["data"]["log.yaml"] == "version: 1\nroot: {level: INFO}\n");
  CHECK(json::parse(config["metadata"]["annotations"][std::string(kRedactedTextHashes)].get<std::string>()) ==
        json{{"registration_shared_secret", config_hash("r3g")}});
  const json untouched = redacted_body(kSynapseConfigMap, {{"data", {{"log.yaml", "version: 1\n"}}}});
  CHECK_FALSE(untouched.contains("metadata"));

  const ObjectRef main{"StatefulSet", "matrix", "synapse-main"};
  const json env = json::array({{{"name", "SYNAPSE_SERVER_NAME"}, {"value", "example.org"}},
                                {{"name", "POSTGRES_PASSWORD"}, {"value", "pg-pa55"}},
                                {{"name", "REDIS_PASSWORD"}, {"valueFrom", {{"secretKeyRef", {{"name", "redis"}, {"key", "p"}}}}}}});
  const json workload = redacted_body(main, {{"spec", {{"template", {{"spec", {{"containers", {{{"name", "synapse"}, {"env", env}}}}}}}}}}});
  const json out = workload["spec"]["template"]["spec"]["containers"][0]["env"];
  CHECK(out[0] == env[0]);
  CHECK(same_value_unless_redacted(out[1]["value"], "pg-pa55"));
  CHECK(out[1]["value"] != "pg-pa55");
  CHECK(out[2] == env[2]);
}
