// The redactor (test matrix S4): known secrets are replaced in messages, as written and as
// JSON escapes them, longest first; short values and keys are left alone.
#include <doctest/doctest.h>

#include "engine/redactor.h"

using namespace synops;

TEST_CASE("redactor: secrets become (redacted), as written and JSON-escaped; short values are not secrets") {
  Redactor redactor;
  redactor.add("s3cr3t-token");
  redactor.add("pa\"ss\nword");  // JSON writes it as pa\"ss\nword
  redactor.add("s3cr3t-token-longer");
  redactor.add("12345");  // below kMinimumSecretLength
  CHECK(redactor.redact("Bearer s3cr3t-token failed") == "Bearer (redacted) failed");
  CHECK(redactor.redact("x s3cr3t-token-longer y") == "x (redacted) y");  // the longer one whole
  CHECK(redactor.redact(R"x({"password":"pa\"ss\nword"})x") == R"x({"password":"(redacted)"})x");
  CHECK(redactor.redact("replicas 12345") == "replicas 12345");
  CHECK(redactor.redact("s3cr3t-tokens3cr3t-token") == "(redacted)(redacted)");
}

TEST_CASE("redactor: values under sensitive keys of a document, at any depth, and records stay JSON") {
  Redactor redactor;
  redactor.add_sensitive_values(nlohmann::json::parse(R"({
    "form_secret": "form-secret-value",
    "database": {"args": {"password": "db-password-value", "cp_max": 10, "user": "synapse_user"}},
    "secrets": {"a": "nested-secret-a", "b": ["nested-secret-b"]},
    "signing_key_path": "/data/signing.key",
    "public_baseurl": "https://matrix.example.org"})"));
  const std::string message = "form-secret-value db-password-value nested-secret-a nested-secret-b synapse_user /data/signing.key";
  CHECK(redactor.redact(message) == "(redacted) (redacted) (redacted) (redacted) synapse_user /data/signing.key");
  const nlohmann::json record = {{"record", "step-failed"}, {"error", "Invalid value: form_secret: form-secret-value"}, {"form-secret-value", 1}};
  const nlohmann::json redacted = redactor.redact_strings(record);
  CHECK(redacted["error"] == "Invalid value: form_secret: (redacted)");
  CHECK(redacted.contains("form-secret-value"));  // keys are structure, not values
  CHECK(Redactor().redact_strings(record) == record);
}

TEST_CASE("redactor: secrets from a source are asked for at every redact, longest first with the rest") {
  Redactor redactor;
  redactor.add("static-secret");
  std::vector<std::string> learned;
  redactor.add_source([&learned] { return learned; });
  CHECK(redactor.redact("a static-secret and a rotated-token-2") == "a (redacted) and a rotated-token-2");
  learned = {"rotated-token", "rotated-token-2", "tiny"};  // "tiny" is below the minimum length
  CHECK(redactor.redact("a static-secret and a rotated-token-2, tiny") == "a (redacted) and a (redacted), tiny");
  CHECK(redactor.redact_strings(nlohmann::json::array({"rotated-token"})) == nlohmann::json::array({"(redacted)"}));
}
