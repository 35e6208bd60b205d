// How a parameter change takes effect, from the server's answer or synops's table, and what
// the plan says about it (issue #15: 2).
#include <doctest/doctest.h>

#include "domain/postgres/parameter_contexts.h"

using namespace synops;

namespace {

ServerParameterContexts server_saying(std::map<std::string, ParameterContext, std::less<>> contexts) {
  return {.server = "/run/pg:5432", .by_name = std::move(contexts)};
}

}  // namespace

TEST_CASE("pg_settings' context names, both ways") {
  for (const char* name : {"internal", "postmaster", "sighup", "superuser-backend", "backend", "superuser", "user"}) {
    const auto context = parse_parameter_context(name);
    REQUIRE_MESSAGE(context, name);
    CHECK(parameter_context_name(*context) == name);
  }
  CHECK_FALSE(parse_parameter_context("superuser_backend"));
  CHECK_FALSE(parse_parameter_context("Postmaster"));
}

TEST_CASE("from the table: postmaster needs a restart, the others reload, internal cannot be set") {
  const ParameterEffect commit_timestamp = parameter_effect("track_commit_timestamp", 16, nullptr);
  CHECK(commit_timestamp.when == ParameterTakesEffect::on_restart);
  CHECK(commit_timestamp.why == "a postmaster parameter, so it needs a restart");
  CHECK(parameter_effect("max_logical_replication_workers", 17, nullptr).when == ParameterTakesEffect::on_restart);
  const ParameterEffect work_mem = parameter_effect("work_mem", 16, nullptr);
  CHECK(work_mem.when == ParameterTakesEffect::on_reload);
  CHECK(work_mem.why == "a user parameter, applied on reload");
  CHECK(parameter_effect("log_connections", 16, nullptr).why ==
        "a superuser-backend parameter, applied on reload to sessions that start afterwards");
  const ParameterEffect block_size = parameter_effect("block_size", 16, nullptr);
  CHECK(block_size.when == ParameterTakesEffect::never);
  CHECK(block_size.why == "an internal parameter, which cannot be set");
  // The same parameter, another major.
  CHECK(parameter_effect("autovacuum_max_workers", 17, nullptr).when == ParameterTakesEffect::on_restart);
  CHECK(parameter_effect("autovacuum_max_workers", 18, nullptr).when == ParameterTakesEffect::on_reload);
}

TEST_CASE("a parameter the table does not know, or a major it does not cover, is treated as needing a restart") {
  const ParameterEffect unknown = parameter_effect("synops_made_up_parameter", 16, nullptr);
  CHECK(unknown.when == ParameterTakesEffect::on_restart);
  CHECK(unknown.why == "not a known PostgreSQL 16 parameter; treated as needing a restart");
  CHECK(parameter_effect("io_method", 17, nullptr).why == "not a known PostgreSQL 17 parameter; treated as needing a restart");
  const ParameterEffect no_table = parameter_effect("work_mem", 14, nullptr);
  CHECK(no_table.when == ParameterTakesEffect::on_restart);
  CHECK(no_table.why == "synops has no parameter table for PostgreSQL 14 (only 15 to 18); treated as needing a restart");
}

TEST_CASE("the server's answer beats the table; a server that could not be read leaves it to the table") {
  const auto server = server_saying({{"work_mem", ParameterContext::postmaster}, {"io_method", ParameterContext::sighup},
                                     {"datestyle", ParameterContext::user}});
  CHECK(parameter_effect("work_mem", 16, &server).when == ParameterTakesEffect::on_restart);
  CHECK(parameter_effect("io_method", 16, &server).when == ParameterTakesEffect::on_reload);
  CHECK(parameter_effect("DateStyle", 16, &server).when == ParameterTakesEffect::on_reload);
  const ParameterEffect absent = parameter_effect("max_connections", 16, &server);
  CHECK(absent.when == ParameterTakesEffect::on_restart);
  CHECK(absent.why == "not a parameter the server at /run/pg:5432 knows; treated as needing a restart");

  ServerParameterContexts unreadable{.server = "db.example:5432", .unreadable = "cannot connect to PostgreSQL at db.example:5432"};
  CHECK(parameter_effect("work_mem", 16, &unreadable).when == ParameterTakesEffect::on_reload);
  CHECK(parameter_effect("synops_made_up_parameter", 16, &unreadable).why ==
        "not a known PostgreSQL 16 parameter; treated as needing a restart");
}

TEST_CASE("the plan's note says where the contexts came from") {
  const auto server = server_saying({{"work_mem", ParameterContext::user}});
  CHECK(parameter_context_note(16, &server) ==
        "PostgreSQL parameter contexts (restart or reload) were read from the server at /run/pg:5432 (pg_settings).");
  CHECK(parameter_context_note(17, nullptr) ==
        "PostgreSQL parameter contexts (restart or reload) come from synops's table for PostgreSQL 17 (pg_settings of "
        "PostgreSQL 17.10).");
  ServerParameterContexts unreadable{.server = "db.example:5432", .unreadable = "cannot connect to PostgreSQL at db.example:5432"};
  CHECK(parameter_context_note(16, &unreadable) ==
        "PostgreSQL parameter contexts (restart or reload) come from synops's table for PostgreSQL 16 (pg_settings of "
        "PostgreSQL 16.14); the server at db.example:5432 could not be read: cannot connect to PostgreSQL at db.example:5432.");
  CHECK(parameter_context_note(14, nullptr) ==
        "PostgreSQL parameter contexts (restart or reload) are unknown: synops has no table for PostgreSQL 14 (only 15 to 18), "
        "so every parameter change is treated as needing a restart.");
}
