#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "adapters/snapshot/snapshot_reader.h"

using namespace synops;
namespace fs = std::filesystem;

namespace {

const char* kList = R"({"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "namespace": "matrix", "resourceVersion": "12"}},
  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "matrix", "resourceVersion": "13"}}]})";

std::string diagnostics(const Diagnostics& problems) {
  std::string out;
  for (const auto& p : problems) out += p.format() + "\n";
  return out;
}

}  // namespace

TEST_CASE("a kubectl List gives one live object per item with identity and resourceVersion") {
  LiveState state;
  CHECK(add_snapshot_text(kList, "live.json", state).empty());
  REQUIRE(state.size() == 2);
  const LiveObject* web = state.find({"Deployment", "matrix", "web"});
  REQUIRE(web);
  CHECK(web->resource_version == "12");
  CHECK(web->api_version == "apps/v1");
}

TEST_CASE("several Lists and single objects concatenated in one file are all read") {
  LiveState state;
  const std::string text = std::string(kList) + "\n" +
                           R"({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "matrix"}})";
  CHECK(add_snapshot_text(text, "live.json", state).empty());
  CHECK(state.size() == 3);
}

TEST_CASE("invalid JSON is an error at its line and column") {
  LiveState state;
  auto problems = add_snapshot_text("{\"kind\": \"List\",\n  \"items\": [,]}", "live.json", state);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].format().starts_with("live.json:2:13: error: not valid JSON"));
}

TEST_CASE("an item without kind or name is an error naming the file") {
  LiveState state;
  auto problems = add_snapshot_text(R"({"kind": "List", "items": [{"metadata": {}}]})", "live.json", state);
  CHECK(diagnostics(problems) == "live.json: error: item ?/? has no kind or metadata.name; expected objects as `kubectl get -o json` prints them\n");
}

TEST_CASE("a directory of snapshot files is read in name order; a missing path is an error") {
  const fs::path dir = fs::temp_directory_path() / "synops-snapshot-dir";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "a.json") << kList;
  std::ofstream(dir / "b.json") << R"({"kind": "Pod", "metadata": {"name": "p", "namespace": "matrix"}})";
  std::ofstream(dir / "notes.txt") << "not read";
  auto state = read_snapshot(dir);
  REQUIRE(state);
  CHECK(state->size() == 3);
  auto missing = read_snapshot(dir / "nope.json");
  REQUIRE_FALSE(missing);
  CHECK(missing.error()[0].message.find("cannot read the live snapshot") != std::string::npos);
}

TEST_CASE("the fingerprint depends on identities and versions, not on read order") {
  LiveState a, b;
  add_snapshot_text(kList, "x", a);
  auto items = nlohmann::json::parse(kList)["items"];
  add_snapshot_text(items[1].dump() + items[0].dump(), "y", b);
  CHECK(a.fingerprint() == b.fingerprint());
  CHECK(a.fingerprint().starts_with("sha256:"));
  LiveState c;
  items[0]["metadata"]["resourceVersion"] = "99";
  add_snapshot_text(items[0].dump() + items[1].dump(), "z", c);
  CHECK(c.fingerprint() != a.fingerprint());
}

TEST_CASE("JSON nested hundreds of thousands deep is an error at its position, not a crash") {
  const size_t levels = 300000;
  // Deep inside an object's data, and a bare array: both past any real object's depth.
  const std::string inside_object = R"({"kind": "List", "items": [{"kind": "ConfigMap", "metadata": {"name": "c"}, "data": )" +
                                    std::string(levels, '[') + std::string(levels, ']') + "}]}";
  const std::string bare = std::string(levels, '[') + std::string(levels, ']');
  for (const auto& text : {inside_object, bare}) {
    LiveState state;
    const auto problems = add_snapshot_text(text, "live.json", state);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message.find("nested deeper than 1000 levels") != std::string::npos);
    CHECK(problems[0].format().starts_with("live.json:1:"));
    CHECK(state.size() == 0);
  }
}

TEST_CASE("JSON nested as deep as real objects get is read") {
  // 200 levels: deeper than any Kubernetes object, within the limit.
  const std::string text = R"({"kind": "ConfigMap", "metadata": {"name": "c", "namespace": "m"}, "data": )" +
                           std::string(200, '[') + std::string(200, ']') + "}";
  LiveState state;
  CHECK(add_snapshot_text(text, "live.json", state).empty());
  CHECK(state.size() == 1);
}
