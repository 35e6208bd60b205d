// synops.yaml `maintenance`: how apply enters maintenance mode (§6.2) and for which plans.
#include <doctest/doctest.h>

#include "support/synops_yaml_only.h"

namespace synops {
namespace {

TEST_CASE("maintenance: scale-to-zero for critical plans unless synops.yaml says otherwise") {
  auto absent = testing::load_synops_yaml("");
  REQUIRE(absent);
  CHECK(absent->maintenance.method == MaintenanceMethod::scale_to_zero);
  CHECK_FALSE(absent->maintenance.always);

  auto always = testing::load_synops_yaml("maintenance:\n  mode: scale-to-zero\n  when: always\n");
  REQUIRE_MESSAGE(always, (always ? "" : always.error().front().format()));
  CHECK(always->maintenance.always);
  auto critical = testing::load_synops_yaml("maintenance: {when: critical}\n");
  REQUIRE(critical);
  CHECK_FALSE(critical->maintenance.always);
}

TEST_CASE("a bad maintenance section names the file, line and key, and what is valid") {
  CHECK(testing::synops_yaml_errors("maintenance:\n  mode: page\n") ==
        "synops.yaml:3:9: error: \"mode\" in maintenance must be one of scale-to-zero, got \"page\"");
  CHECK(testing::synops_yaml_errors("maintenance:\n  when: sometimes\n") ==
        "synops.yaml:3:9: error: \"when\" in maintenance must be one of critical, always, got \"sometimes\"");
  CHECK(testing::synops_yaml_errors("maintenance:\n  page: true\n") == "synops.yaml:3:3: error: unknown key \"page\" in maintenance (valid keys: mode, when)");
  CHECK(testing::synops_yaml_errors("maintenance: always\n").starts_with("synops.yaml:2:14: error: \"maintenance\" must be a mapping, got a string"));
}

}  // namespace
}  // namespace synops
