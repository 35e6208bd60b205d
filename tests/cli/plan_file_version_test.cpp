// The plan file describes itself (issue #17: 8, docs/plan-file.md): format "3.0", the synops
// that made it, when and from what; files of the previous versions still load, and show
// renders them as this synops writes plans.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "cli/build_info.h"
#include "cli/plan_file.h"
#include "engine/plan_json.h"
#include "cli/render.h"
#include "support/api_server.h"
#include "support/cli_run.h"
#include "support/run_synops.h"

using namespace synops::testing;
using synops::cli::creation_time;

namespace {

// Sets an environment variable for one scope, and puts back what was there.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value == nullptr) ::unsetenv(name);
    else ::setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_) ::setenv(name_, old_->c_str(), 1);
    else ::unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("created_at is now in UTC, or SOURCE_DATE_EPOCH when it is a number of seconds") {
  {
    ScopedEnv unset("SOURCE_DATE_EPOCH", nullptr);
    CHECK(std::regex_match(creation_time(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
    CHECK(creation_time().substr(0, 2) == "20");
  }
  {
    ScopedEnv epoch("SOURCE_DATE_EPOCH", "0");
    CHECK(creation_time() == "1970-01-01T00:00:00Z");
  }
  {
    ScopedEnv epoch("SOURCE_DATE_EPOCH", "1700000000");
    CHECK(creation_time() == "2023-11-14T22:13:20Z");
  }
  {
    ScopedEnv junk("SOURCE_DATE_EPOCH", "yesterday");  // ignored, as the convention asks
    CHECK(creation_time().substr(0, 2) == "20");
  }
}

TEST_CASE("the saved plan file says what made it, when and from what, and equals plan -o json") {
  ScratchDir scratch;
  const auto file = scratch.path() / "plan.json";
  const auto plan = run_synops("plan examples/matrix -o json --out '" + file.string() + "'");
  REQUIRE(plan.exit_code == 0);
  CHECK(slurp(file) == plan.out);
  const auto document = nlohmann::json::parse(plan.out);
  CHECK(document["format_version"] == "3.0");
  CHECK(document["synops_version"] == std::string(synops::cli::release_version()));
  CHECK(document["created_at"] == "2023-11-14T22:13:20Z");  // run_synops sets SOURCE_DATE_EPOCH
  CHECK(document["source"] == nlohmann::json{{"snapshot", "examples/matrix/live/cluster.json"}});
  CHECK(document["summary"]["maintenance_window"] == "recommended");
  // show keeps what the file says of its origin.
  const auto shown = nlohmann::json::parse(run_synops("show '" + file.string() + "' -o json").out);
  for (const char* member : {"format_version", "synops_version", "created_at", "source"}) CHECK(shown[member] == document[member]);
}

TEST_CASE("a version 2 plan file still shows, as format 3.0 with its origin unknown") {
  const auto shown = run_synops("show tests/golden/show-unhealthy/plan.json -o json");
  REQUIRE_MESSAGE(shown.exit_code == 0, shown.err);
  const auto document = nlohmann::json::parse(shown.out);
  CHECK(document["format_version"] == "3.0");
  CHECK(document["synops_version"].is_null());
  CHECK(document["created_at"].is_null());
  CHECK(document["source"].is_null());
  CHECK(document["summary"]["maintenance_window"].is_string());
  const auto markdown = run_synops("show tests/golden/show-unhealthy/plan.json -o markdown");
  CHECK(markdown.out.find("<sub>Made by a synops older than plan format 3.0") != std::string::npos);
}

TEST_CASE("a plan file of a version this synops does not read is refused, saying how to go on") {
  ScratchDir scratch;
  auto document = nlohmann::json::parse(slurp("tests/golden/show-unhealthy/plan.json"));
  document["format_version"] = "4.0";
  const auto file = scratch.write("future.json", document.dump());
  const auto shown = run_synops("show '" + file.string() + "'");
  CHECK(shown.exit_code == 1);
  CHECK(shown.err.find("plan format_version \"4.0\" is not one this synops reads (1, 2 and \"3.x\", writing \"3.0\"): make the plan "
                       "again with this synops (synops plan DIR --out FILE)") != std::string::npos);
}

TEST_CASE("the order is transitively reduced: a->c goes when a->b->c is there; duplicates keep their rules") {
  synops::Plan plan;
  plan.actions = {synops::Action{.id = "a1"}, synops::Action{.id = "a2", .depends_on = {{"a1", "r1"}}},
                  synops::Action{.id = "a3", .depends_on = {{"a1", "r2"}, {"a2", "r3"}, {"a2", "r4"}, {"nowhere", "r5"}}}};
  const auto edges = synops::cli::reduced_order(plan);
  REQUIRE(edges.size() == 2);
  CHECK((edges[0].from == 0 && edges[0].to == 1 && edges[0].rules == std::vector<std::string>{"r1"}));
  CHECK((edges[1].from == 1 && edges[1].to == 2 && edges[1].rules == std::vector<std::string>{"r3", "r4"}));
}

TEST_CASE("the one-line summary groups image changes by version and names the rest") {
  const auto document = nlohmann::json::parse(run_synops("plan examples/matrix -o json").out);
  auto plan = synops::plan_from_json(document, "plan");
  REQUIRE(plan);
  CHECK(synops::cli::change_summary(*plan) == "matrixdotorg/synapse v1.119.0 → v1.120.0 on 7 workloads");
  CHECK(synops::cli::change_summary(synops::Plan{}) == "No changes");
}
