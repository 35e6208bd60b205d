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

TEST_CASE("maintenance mode page names the Ingress, and the image has the guide's default") {
  auto page = testing::load_synops_yaml("maintenance:\n  mode: page\n  page: {ingress: synapse-ingress}\n");
  REQUIRE_MESSAGE(page, (page ? "" : page.error().front().format()));
  CHECK(page->maintenance.method == MaintenanceMethod::page);
  CHECK(page->maintenance.ingress == "synapse-ingress");
  CHECK(page->maintenance.page_image == "nginx:alpine");
  auto own = testing::load_synops_yaml("maintenance:\n  mode: page\n  page: {ingress: web, image: 'registry.local/nginx:1.27'}\n");
  REQUIRE(own);
  CHECK(own->maintenance.page_image == "registry.local/nginx:1.27");
}

TEST_CASE("a bad maintenance section names the file, line and key, and what is valid") {
  CHECK(testing::synops_yaml_errors("maintenance:\n  mode: offline\n") ==
        "synops.yaml:3:9: error: \"mode\" in maintenance must be one of scale-to-zero, page, got \"offline\"");
  CHECK(testing::synops_yaml_errors("maintenance:\n  mode: page\n") ==
        "synops.yaml:3:9: error: maintenance.mode page needs maintenance.page.ingress: the Ingress to point at the maintenance page");
  CHECK(testing::synops_yaml_errors("maintenance:\n  page: {ingress: web}\n") ==
        "synops.yaml:3:3: error: maintenance.page applies to mode page only; set maintenance.mode: page, or remove it");
  CHECK(testing::synops_yaml_errors("maintenance:\n  mode: page\n  page: {image: nginx}\n").starts_with(
      "synops.yaml:4:9: error: missing required key \"ingress\""));
  CHECK(testing::synops_yaml_errors("maintenance:\n  when: sometimes\n") ==
        "synops.yaml:3:9: error: \"when\" in maintenance must be one of critical, always, got \"sometimes\"");
  CHECK(testing::synops_yaml_errors("maintenance:\n  window: 2h\n") == "synops.yaml:3:3: error: unknown key \"window\" in maintenance (valid keys: mode, when, page)");
  CHECK(testing::synops_yaml_errors("maintenance: always\n").starts_with("synops.yaml:2:14: error: \"maintenance\" must be a mapping, got a string"));
}

}  // namespace
}  // namespace synops
