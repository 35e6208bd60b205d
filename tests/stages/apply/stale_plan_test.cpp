// The plan's `reads`: every object a step acts on, with the resourceVersion the plan read,
// so `apply PLANFILE` can refuse a stale plan. Old plan files without it still load.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "engine/plan_json.h"
#include "stages/apply/stale_plan.h"
#include "support/scenario.h"

using namespace synops;
using namespace synops::testing;

TEST_CASE("plan reads: each target once, sorted, with the resourceVersion live had") {
  const Scenario scenario = Scenario::example();
  const Plan plan = scenario.plan();
  REQUIRE_FALSE(plan.reads.empty());
  std::set<ObjectRef> targets;
  for (const auto& action : plan.actions)
    if (scenario.live.find(action.target) != nullptr) targets.insert(action.target);
  REQUIRE(plan.reads.size() == targets.size());
  CHECK(std::ranges::is_sorted(plan.reads));
  for (const auto& read : plan.reads) {
    CAPTURE(read.ref.str());
    CHECK(read.resource_version == scenario.live.find(read.ref)->resource_version);
  }
}

TEST_CASE("plan reads: kept by the plan file; a file written before them loads with none") {
  const Plan plan = Scenario::example().plan();
  auto document = nlohmann::json::parse(plan_to_json(plan).dump());
  auto back = plan_from_json(document, "plan.json");
  REQUIRE(back);
  CHECK(back->reads == plan.reads);
  document.erase("reads");
  auto old = plan_from_json(document, "old.json");
  REQUIRE(old);
  CHECK(old->reads.empty());
  CHECK(old->actions.size() == plan.actions.size());
}

TEST_CASE("plan reads: a plan file with steps but no reads cannot be applied as reviewed") {
  Plan plan = Scenario::example().plan();
  CHECK_FALSE(apply::unverifiable_plan(plan));
  plan.reads.clear();
  const auto reason = apply::unverifiable_plan(plan);
  REQUIRE(reason);
  CHECK(reason->find("make a new plan") != std::string::npos);
  plan.actions.clear();  // an empty plan changes nothing, so there is nothing to verify
  CHECK_FALSE(apply::unverifiable_plan(plan));
}
