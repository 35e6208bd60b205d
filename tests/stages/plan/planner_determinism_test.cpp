// The same inputs give byte-identical plans, whatever the order of files and objects.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "engine/plan_json.h"
#include "domain/manifests/manifest_loader.h"
#include "adapters/snapshot/snapshot_reader.h"
#include "support/scenario.h"
#include "support/slurp.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

std::string plan_bytes(const Desired& desired, const LiveState& live) {
  auto plan = plan_deployment(desired, live, {});
  REQUIRE(plan);
  return plan_to_json(*plan).dump(2);
}

// The example's snapshot items in a shuffled order, split over several files of a directory.
fs::path shuffled_snapshot(unsigned seed) {
  auto document = nlohmann::json::parse(slurp(fs::path(SYNOPS_SOURCE_DIR) / "examples/matrix/live/cluster.json"));
  auto items = document["items"];
  std::shuffle(items.begin(), items.end(), std::mt19937(seed));
  const fs::path dir = fs::temp_directory_path() / ("synops-shuffle-" + std::to_string(seed));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (size_t part = 0; part < 3; ++part) {
    nlohmann::json list = {{"apiVersion", "v1"}, {"kind", "List"}, {"items", nlohmann::json::array()}};
    for (size_t i = part; i < items.size(); i += 3) list["items"].push_back(items[i]);
    std::ofstream(dir / ("part-" + std::to_string(part) + ".json")) << list.dump(1);
  }
  return dir;
}

// The example's manifests with the include list reversed.
fs::path reversed_includes() {
  const fs::path source = fs::path(SYNOPS_SOURCE_DIR) / "examples/matrix";
  const fs::path dir = fs::temp_directory_path() / "synops-reversed-includes";
  fs::remove_all(dir);
  fs::copy(source, dir, fs::copy_options::recursive);
  std::string root = slurp(dir / "synops.yaml");
  const auto start = root.find("include:");
  std::vector<std::string> lines;
  std::istringstream rest(root.substr(start + 9));
  for (std::string line; std::getline(rest, line);)
    if (!line.empty()) lines.push_back(line);
  std::ranges::reverse(lines);
  root = root.substr(0, start + 9);
  for (const auto& line : lines) root += line + "\n";
  std::ofstream(dir / "synops.yaml") << root;
  return dir;
}

}  // namespace

TEST_CASE("planning twice gives the same bytes") {
  Scenario s = Scenario::example();
  CHECK(plan_bytes(s.desired, s.live) == plan_bytes(s.desired, s.live));
}

TEST_CASE("shuffling the snapshot's objects and files changes no byte of the plan") {
  Scenario s = Scenario::example();
  const std::string expected = plan_bytes(s.desired, s.live);
  for (unsigned seed : {1u, 2u, 3u}) {
    auto live = read_snapshot(shuffled_snapshot(seed));
    REQUIRE(live);
    CHECK(plan_bytes(s.desired, *live) == expected);
  }
}

TEST_CASE("reversing the order of included manifest files changes no byte of the plan") {
  Scenario s = Scenario::example();
  auto desired = load_manifests(reversed_includes());
  REQUIRE(desired);
  CHECK(plan_bytes(*desired, s.live) == plan_bytes(s.desired, s.live));
}
