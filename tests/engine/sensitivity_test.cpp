#include <doctest/doctest.h>

#include "engine/sensitivity.h"

using namespace synops;

TEST_CASE("credential keys are sensitive, paths to credential files are not") {
  for (const char* key : {"password", "redis-password", "access_key_id", "secret_access_key", "token", "macaroon_secret_key",
                          "registration_shared_secret", "pgpass", "uri", "jdbc-uri", "key"})
    CHECK_MESSAGE(is_sensitive_key(key), key);
  for (const char* key : {"cp_max", "replicas", "image", "signing_key_path", "password_path", "host", "dnsNames", "port"})
    CHECK_FALSE_MESSAGE(is_sensitive_key(key), key);
}

TEST_CASE("a path is sensitive when any key along it is") {
  CHECK(is_sensitive_path("/data/homeserver.yaml#/database/args/password"));
  CHECK(is_sensitive_path("/data/redis-password"));
  CHECK_FALSE(is_sensitive_path("/data/homeserver.yaml#/database/args/cp_max"));
  CHECK_FALSE(is_sensitive_path("/spec/template/spec/containers/0/image"));
}
