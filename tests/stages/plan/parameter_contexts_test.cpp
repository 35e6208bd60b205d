// PostgreSQL parameter changes planned with the contexts of synops's table or of the live
// server (PlanOptions::postgres_contexts), on top of examples/matrix (issue #15: 2).
#include <doctest/doctest.h>

#include <algorithm>

#include "support/scenario.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;

namespace {


Scenario with_parameters(const std::vector<std::pair<std::string, std::string>>& parameters) {
  Scenario s = Scenario::in_sync();
  int line = 9;
  for (const auto& [name, value] : parameters) {
    s.desired.postgres->parameters.value[name] = value;
    s.desired.postgres->parameters.positions["/" + name] = SourcePosition{"postgres.yaml", line++, 5};
  }
  return s;
}

std::string reason_of(const Plan& plan, const std::string& parameter) {
  for (const auto& change : step(plan, "update " + kPostgresClusterKey).changes)
    if (change.path.str() == "/spec/postgresql/parameters/" + parameter) return change.reason;
  return "(no change of " + parameter + ")";
}

bool has_note(const Plan& plan, const std::string& start) {
  return std::ranges::any_of(plan.notes, [&](const std::string& note) { return note.starts_with(start); });
}

}  // namespace

TEST_CASE("issue #15: track_commit_timestamp and max_logical_replication_workers roll the instances; so does an unknown one") {
  for (const char* name : {"track_commit_timestamp", "max_logical_replication_workers", "synops_made_up_parameter"}) {
    CAPTURE(name);
    const Plan plan = with_parameters({{name, "8"}}).plan();
    CHECK(step(plan, "update " + kPostgresClusterKey).restarts_pods);
    CHECK(plan.summary.risk == Risk::high);
  }
  const Plan plan = with_parameters({{"synops_made_up_parameter", "1"}}).plan();
  CHECK(reason_of(plan, "synops_made_up_parameter") ==
        "postgres.parameters.synops_made_up_parameter in postgres.yaml:9:5 (not a known PostgreSQL 16 parameter; treated as "
        "needing a restart: CNPG restarts the replicas, then the primary)");
  CHECK(has_note(plan, "PostgreSQL parameter contexts (restart or reload) come from synops's table for PostgreSQL 16 "));
}

TEST_CASE("the live server's contexts beat the table, and the plan says where they came from") {
  const Scenario s = with_parameters({{"track_commit_timestamp", "on"}, {"synops_made_up_parameter", "1"}});
  // A server that knows the made-up parameter (as an extension's) as reloadable.
  PlanOptions options{.postgres_contexts = ServerParameterContexts{
                          .server = "/run/postgresql:5432",
                          .by_name = {{"track_commit_timestamp", ParameterContext::postmaster},
                                      {"synops_made_up_parameter", ParameterContext::sighup}}}};
  const Plan plan = s.plan(options);
  CHECK(reason_of(plan, "synops_made_up_parameter") ==
        "postgres.parameters.synops_made_up_parameter in postgres.yaml:10:5 (a sighup parameter, applied on reload)");
  CHECK(reason_of(plan, "track_commit_timestamp").ends_with("(a postmaster parameter, so it needs a restart: CNPG restarts "
                                                            "the replicas, then the primary)"));
  CHECK(has_note(plan, "PostgreSQL parameter contexts (restart or reload) were read from the server at /run/postgresql:5432"));

  SUBCASE("a server that could not be read: the table decides, and the note names the server and why") {
    options.postgres_contexts = ServerParameterContexts{.server = "db.example:5432", .unreadable = "connection refused"};
    const Plan fallback = s.plan(options);
    CHECK(reason_of(fallback, "synops_made_up_parameter").find("not a known PostgreSQL 16 parameter") != std::string::npos);
    CHECK(has_note(fallback, "PostgreSQL parameter contexts (restart or reload) come from synops's table for PostgreSQL 16 "
                             "(pg_settings of PostgreSQL 16.14); the server at db.example:5432 could not be read: "
                             "connection refused."));
  }
}

TEST_CASE("a plan with only reload parameters does not restart; with none, it says nothing about contexts") {
  const Plan reload = with_parameters({{"work_mem", "64MB"}, {"log_connections", "on"}}).plan();
  CHECK_FALSE(step(reload, "update " + kPostgresClusterKey).restarts_pods);
  CHECK(reason_of(reload, "log_connections").ends_with("(a superuser-backend parameter, applied on reload to sessions that "
                                                       "start afterwards)"));
  CHECK_FALSE(has_note(Scenario::in_sync().plan(), "PostgreSQL parameter contexts"));
}

TEST_CASE("an internal parameter cannot be set: refused at its position") {
  const Plan plan = with_parameters({{"block_size", "16384"}}).plan();
  REQUIRE(plan.refusals.size() == 1);
  CHECK(plan.refusals[0].rule == "postgres-internal-parameter");
  CHECK(plan.refusals[0].where.str() == "postgres.yaml:9:5");
  CHECK(plan.refusals[0].message.starts_with("postgres.parameters.block_size is an internal parameter, which cannot be set"));
}
