// The chart a release stores, written back out for helm upgrade: files where the release
// says, private, never outside the directory; a chart with dependencies is refused, since
// Helm keeps no subcharts in a release.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/redis/helm_stored_chart.h"
#include "engine/base64.h"
#include "support/api_server.h"

using namespace synops;
using namespace synops::apply;
namespace fs = std::filesystem;

namespace {

nlohmann::json release_with(nlohmann::json templates, nlohmann::json dependencies = nlohmann::json::array()) {
  nlohmann::json metadata = {{"apiVersion", "v2"}, {"name", "redis"}, {"version", "0.1.0"}};
  if (!dependencies.empty()) metadata["dependencies"] = dependencies;
  return {{"name", "cache"},
          {"chart",
           {{"metadata", metadata},
            {"values", {{"image", {{"tag", "7.2.4"}}}}},
            {"schema", nullptr},
            {"templates", templates},
            {"files", nlohmann::json::array({{{"name", "README.md"}, {"data", base64_encode("read me")}}})}}},
          {"config", {{"auth", {{"password", "not-in-the-chart"}}}}}};
}

std::string read(const fs::path& file) {
  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("stored chart: templates, values, Chart.yaml and files are written privately; the release's values are not") {
  synops::testing::ScratchDir scratch;
  const fs::path dir = scratch.path() / "chart";
  const auto release = release_with({{{"name", "templates/statefulset.yaml"}, {"data", base64_encode("kind: StatefulSet\n")}}});
  CHECK(stored_chart_problem(release, "release cache") == "");
  REQUIRE(write_stored_chart(release, dir));
  CHECK(read(dir / "templates/statefulset.yaml") == "kind: StatefulSet\n");
  CHECK(nlohmann::json::parse(read(dir / "Chart.yaml"))["name"] == "redis");  // JSON is YAML
  CHECK(nlohmann::json::parse(read(dir / "values.yaml"))["image"]["tag"] == "7.2.4");
  CHECK(read(dir / "README.md") == "read me");
  CHECK_FALSE(fs::exists(dir / "values.schema.json"));
  CHECK(read(dir / "values.yaml").find("not-in-the-chart") == std::string::npos);
  struct stat info {};
  REQUIRE(::stat(dir.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0700);
  REQUIRE(::stat((dir / "templates/statefulset.yaml").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
}

TEST_CASE("stored chart: a file outside the chart directory is refused, and nothing is written there") {
  synops::testing::ScratchDir scratch;
  for (const std::string name : {"../escaped.yaml", "templates/../../escaped.yaml", "/tmp/synops-escaped.yaml"}) {
    CAPTURE(name);
    const auto release = release_with({{{"name", name}, {"data", base64_encode("x")}}});
    auto written = write_stored_chart(release, scratch.path() / "chart");
    REQUIRE_FALSE(written);
    CHECK(written.error().front().message == "the stored chart names a file outside the chart (\"" + name + "\"); it is not written");
  }
  CHECK_FALSE(fs::exists(scratch.path() / "escaped.yaml"));
  CHECK_FALSE(fs::exists("/tmp/synops-escaped.yaml"));
}

TEST_CASE("stored chart: a chart with dependencies cannot be rebuilt from a release; the message says to name the chart") {
  const auto release = release_with(nlohmann::json::array(), {{{"name", "common"}, {"version", "2.x.x"}}});
  CHECK(stored_chart_problem(release, "Helm release matrix/redis-synapse (revision 2)") ==
        "Helm release matrix/redis-synapse (revision 2) stores chart redis without its dependencies (common): Helm keeps no subcharts "
        "in a release, so it cannot be upgraded from the stored chart. Name the chart in redis.yaml (chart: bitnami/redis, version: "
        "the deployed one)");
  synops::testing::ScratchDir scratch;
  CHECK_FALSE(write_stored_chart(release, scratch.path() / "chart"));
  CHECK_FALSE(fs::exists(scratch.path() / "chart"));
}
