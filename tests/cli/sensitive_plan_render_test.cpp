// Test matrix S2 and S12: a plan with a credential change shows the key and "(sensitive)" in
// every format a person or a pull request sees, never the value; also when the planner that
// made the change did not mark it (build_plan asks the path).
#include <doctest/doctest.h>

#include "cli/render.h"
#include "engine/plan_builder.h"

using namespace synops;
using namespace synops::cli;

namespace {

Plan plan_with_secret_changes() {
  PlanDraft draft;
  draft.actions.push_back(Action{.key = "update ConfigMap/matrix/synapse-config", .target = {"ConfigMap", "matrix", "synapse-config"},
                                 .changes = {{{"/data/homeserver.yaml", "/database/args/password"}, "old-db-secret-1f", "new-db-secret-2e", true, "", {}}}});
  // Unmarked by its planner: the path names a password.
  draft.actions.push_back(Action{.key = "update HelmRelease/matrix/redis", .target = {"HelmRelease", "matrix", "redis"},
                                 .changes = {{{"/values/auth/password", ""}, "old-redis-secret-3d", "new-redis-secret-4c", false, "", {}}}});
  auto plan = build_plan(std::move(draft), "");
  REQUIRE(plan);
  return std::move(*plan);
}

}  // namespace

TEST_CASE("text, markdown, json and dot plans with a credential change show the key, never the value") {
  const Plan plan = plan_with_secret_changes();
  const std::vector<std::pair<std::string, std::string>> outputs = {
      {"text", render_text(plan, RenderOptions{})},
      {"text --explain", render_text(plan, RenderOptions{.explain = true})},
      {"markdown", render_markdown(plan)},
      {"json", render_json(plan)},
      {"dot", render_dot(plan)}};
  for (const auto& [format, output] : outputs) {
    CAPTURE(format);
    CAPTURE(output);
    for (const std::string value : {"old-db-secret-1f", "new-db-secret-2e", "old-redis-secret-3d", "new-redis-secret-4c"})
      CHECK(output.find(value) == std::string::npos);
    if (format == "dot") continue;  // the graph shows steps, not fields
    CHECK(output.find("(sensitive)") != std::string::npos);
    // markdown wraps the path before a '/', so the key's segments stay whole
    CHECK(output.find(format == "markdown" ? "/args/password" : "/database/args/password") != std::string::npos);
    CHECK(output.find("/values/auth/password") != std::string::npos);
  }
}
