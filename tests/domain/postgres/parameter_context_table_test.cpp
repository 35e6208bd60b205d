// synops's table of PostgreSQL parameter contexts, per major version (issue #15: 2).
#include <doctest/doctest.h>

#include "domain/postgres/parameter_context_table.h"

using namespace synops;

TEST_CASE("the table covers PostgreSQL 15 to 18 and names the server each column came from") {
  for (int major = 15; major <= 18; ++major) {
    CHECK(parameter_table_covers(major));
    CHECK(parameter_table_source(major).starts_with("PostgreSQL " + std::to_string(major) + "."));
  }
  CHECK_FALSE(parameter_table_covers(14));
  CHECK_FALSE(parameter_table_covers(19));
  CHECK(parameter_table_source(19).empty());
  CHECK_FALSE(documented_parameter_context("work_mem", 14));
}

TEST_CASE("issue #15: track_commit_timestamp and max_logical_replication_workers are postmaster parameters") {
  for (int major = 15; major <= 18; ++major) {
    CAPTURE(major);
    CHECK(documented_parameter_context("track_commit_timestamp", major) == ParameterContext::postmaster);
    CHECK(documented_parameter_context("max_logical_replication_workers", major) == ParameterContext::postmaster);
    CHECK(documented_parameter_context("max_connections", major) == ParameterContext::postmaster);
    CHECK(documented_parameter_context("work_mem", major) == ParameterContext::user);
    CHECK(documented_parameter_context("max_wal_size", major) == ParameterContext::sighup);
    CHECK(documented_parameter_context("log_connections", major) == ParameterContext::superuser_backend);
    CHECK(documented_parameter_context("block_size", major) == ParameterContext::internal);
  }
}

TEST_CASE("the majors differ: parameters added, removed and made reloadable") {
  // PostgreSQL 18 made autovacuum_max_workers reloadable, under the new autovacuum_worker_slots.
  CHECK(documented_parameter_context("autovacuum_max_workers", 17) == ParameterContext::postmaster);
  CHECK(documented_parameter_context("autovacuum_max_workers", 18) == ParameterContext::sighup);
  CHECK_FALSE(documented_parameter_context("autovacuum_worker_slots", 17));
  CHECK(documented_parameter_context("autovacuum_worker_slots", 18) == ParameterContext::postmaster);
  CHECK_FALSE(documented_parameter_context("io_method", 17));
  CHECK(documented_parameter_context("io_method", 18) == ParameterContext::postmaster);
  // 17 added transaction_timeout; 16 dropped vacuum_defer_cleanup_age; 18 renamed ssl_ecdh_curve.
  CHECK_FALSE(documented_parameter_context("transaction_timeout", 16));
  CHECK(documented_parameter_context("transaction_timeout", 17) == ParameterContext::user);
  CHECK(documented_parameter_context("vacuum_defer_cleanup_age", 15) == ParameterContext::sighup);
  CHECK_FALSE(documented_parameter_context("vacuum_defer_cleanup_age", 16));
  CHECK(documented_parameter_context("ssl_ecdh_curve", 17) == ParameterContext::sighup);
  CHECK(documented_parameter_context("ssl_groups", 18) == ParameterContext::sighup);
}

TEST_CASE("names are compared as PostgreSQL compares them: without case") {
  CHECK(documented_parameter_context("DateStyle", 16) == ParameterContext::user);
  CHECK(documented_parameter_context("datestyle", 16) == ParameterContext::user);
  CHECK(documented_parameter_context("Shared_Buffers", 16) == ParameterContext::postmaster);
  CHECK_FALSE(documented_parameter_context("synops_made_up_parameter", 16));
  CHECK_FALSE(documented_parameter_context("", 16));
}
