#include <doctest/doctest.h>

#include "engine/diff.h"
#include "engine/redacted_value.h"

using namespace synops;
using json = nlohmann::json;

TEST_CASE("a redaction marker matches the value it was made from and no other") {
  const std::string marker = redacted_marker("s3cr3t-form", "ConfigMap/matrix/synapse-config homeserver.yaml#/form_secret");
  CHECK(marker.starts_with("synops-redacted:pbkdf2-sha256:100000:"));
  CHECK(marker.find("s3cr3t") == std::string::npos);
  CHECK(is_redacted_marker(marker));
  CHECK_FALSE(is_redacted_marker("s3cr3t-form"));
  CHECK_FALSE(is_redacted_marker(5));
  CHECK(same_value_unless_redacted(marker, "s3cr3t-form"));
  CHECK_FALSE(same_value_unless_redacted(marker, "s3cr3t-forn"));
  CHECK_FALSE(same_value_unless_redacted(marker, marker + "x"));
  // The JSON text is what is hashed: a number and the string of its digits differ.
  CHECK(same_value_unless_redacted(redacted_marker(5, "x"), 5));
  CHECK_FALSE(same_value_unless_redacted(redacted_marker(5, "x"), "5"));
  // A sequence is redacted whole.
  CHECK(same_value_unless_redacted(redacted_marker(json::array({"a", "b"}), "x"), json::array({"a", "b"})));
}

TEST_CASE("a redaction marker is the same for the same value at the same place, and differs elsewhere") {
  CHECK(redacted_marker("v", "a#/k") == redacted_marker("v", "a#/k"));  // snapshots are reproducible
  CHECK(redacted_marker("v", "a#/k") != redacted_marker("v", "b#/k"));  // two places: two salts
}

TEST_CASE("a tampered marker matches nothing") {
  const std::string marker = redacted_marker("v", "a");
  CHECK_FALSE(same_value_unless_redacted(std::string(kRedactedPrefix) + "md5:00:00", "v"));
  CHECK_FALSE(same_value_unless_redacted(marker.substr(0, marker.size() - 1), "v"));
  std::string bad_salt = marker;
  bad_salt[std::string("synops-redacted:pbkdf2-sha256:100000:").size()] = 'z';
  CHECK_FALSE(same_value_unless_redacted(bad_salt, "v"));
}

TEST_CASE("markers deep inside objects and arrays compare with what they replaced") {
  const json live = {{"client", {{"id", "synapse"}, {"client_secret", redacted_marker("abc", "p")}}},
                     {"list", json::array({1, redacted_marker(2, "q")})}};
  CHECK(same_value_unless_redacted(live, json{{"client", {{"id", "synapse"}, {"client_secret", "abc"}}}, {"list", {1, 2}}}));
  CHECK_FALSE(same_value_unless_redacted(live, json{{"client", {{"id", "synapse"}, {"client_secret", "abd"}}}, {"list", {1, 2}}}));
  CHECK_FALSE(same_value_unless_redacted(live, json{{"client", {{"id", "synapse"}}}, {"list", {1, 2}}}));
  CHECK_FALSE(same_value_unless_redacted(live, json{{"client", {{"id", "synapse"}, {"client_secret", "abc"}}}, {"list", {1, 2, 3}}}));
}

TEST_CASE("diff: a redacted live value equal to the desired one is no change; a different one is a sensitive change") {
  const FieldIntent intent{{"/data/homeserver.yaml", "/form_secret"}, "abc"};
  CHECK(diff_field(intent, redacted_marker("abc", "p")).empty());
  const auto changes = diff_field(intent, redacted_marker("old", "p"));
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].sensitive);
}
