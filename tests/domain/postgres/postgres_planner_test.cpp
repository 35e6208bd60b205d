#include <doctest/doctest.h>

#include "domain/postgres/cnpg_fixed_parameters.h"
#include "domain/postgres/postgres_image.h"

using namespace synops;

TEST_CASE("the PostgreSQL major version comes from the image tag") {
  CHECK(postgres_major_version("ghcr.io/cloudnative-pg/postgresql:16.3") == 16);
  CHECK(postgres_major_version("ghcr.io/cloudnative-pg/postgresql:17.6-system-trixie") == 17);
  CHECK(postgres_major_version("registry:5000/postgresql:18@sha256:abc") == 18);
  CHECK_FALSE(postgres_major_version("registry:5000/postgresql"));
  CHECK_FALSE(postgres_major_version("ghcr.io/cloudnative-pg/postgresql:latest"));
}

TEST_CASE("parameters CloudNativePG fixes") {
  for (const char* name : {"port", "listen_addresses", "ssl", "ssl_cert_file", "shared_preload_libraries", "archive_command",
                           "recovery_target_time", "syslog_facility"})
    CHECK_MESSAGE(cnpg_fixes_parameter(name), name);
  for (const char* name : {"max_connections", "work_mem", "ssl_min_protocol_version"})
    CHECK_FALSE_MESSAGE(cnpg_fixes_parameter(name), name);
}
