// The manifest directory is a boundary (issue #18, item 4): includes and live.snapshot that
// lead outside it, through "..", an absolute path or a symlink, are refused at the key, naming
// the path and never a byte of the file it leads to. Each case builds a manifest directory
// next to a directory "outside" holding a file with a canary.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "domain/manifests/manifest_boundary.h"
#include "support/boundary_scene.h"
#include "domain/manifests/manifest_loader.h"

namespace synops {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCanary = testing::kBoundaryCanary;

// The scene, with the diagnostics of loading its manifests.
class Scene : public testing::BoundaryScene {
 public:
  // The machine's file under a name a manifest could have.
  Scene() : BoundaryScene("synops-boundary") { fs::copy_file(outside() / "shadow", outside() / "secret.yaml"); }

  // The load's diagnostics, the two directories written DIR and OUT.
  std::string errors() const {
    auto desired = load_manifests(dir());
    std::string out;
    if (!desired)
      for (const auto& d : desired.error()) out += (out.empty() ? "" : "\n") + d.format();
    for (const auto& [path, name] : {std::pair{dir().string(), "DIR"}, std::pair{outside().string(), "OUT"}})
      for (auto at = out.find(path); at != std::string::npos; at = out.find(path)) out.replace(at, path.size(), name);
    return out;
  }
};

TEST_CASE("an include that is a symlink to a file outside is refused, its content never quoted") {
  Scene scene;
  scene.manifest("synops.yaml", "namespace: matrix\ninclude: [shadow.yaml]\n");
  scene.link("shadow.yaml", scene.outside() / "secret.yaml");
  const std::string errors = scene.errors();
  CHECK(errors ==
        "synops.yaml:2:11: error: include \"shadow.yaml\" leads through a symlink to OUT/secret.yaml, outside the manifest "
        "directory; write a path inside DIR");
  CHECK(errors.find(kCanary) == std::string::npos);
}

TEST_CASE("an include through a symlinked directory that points outside is refused") {
  Scene scene;
  scene.manifest("synops.yaml", "namespace: matrix\ninclude: [values/secret.yaml]\n");
  scene.link("values", scene.outside());
  const std::string errors = scene.errors();
  CHECK(errors ==
        "synops.yaml:2:11: error: include \"values/secret.yaml\" leads through a symlink to OUT/secret.yaml, outside the "
        "manifest directory; write a path inside DIR");
  CHECK(errors.find(kCanary) == std::string::npos);
}

TEST_CASE("includes by .. and by absolute path are refused, even when the file exists") {
  Scene scene;
  scene.manifest("synops.yaml", "namespace: matrix\ninclude:\n  - ../outside/secret.yaml\n  - " +
                                    (scene.outside() / "secret.yaml").string() + "\n");
  const std::string errors = scene.errors();
  CHECK(errors ==
        "synops.yaml:3:5: error: include \"../outside/secret.yaml\" leaves the manifest directory; write a path inside DIR\n"
        "synops.yaml:4:5: error: include \"OUT/secret.yaml\" is not a relative path; write a path relative to the "
        "manifest directory, inside DIR");
  CHECK(errors.find(kCanary) == std::string::npos);
}

TEST_CASE("a synops.yaml that is a symlink to a file outside is refused") {
  Scene scene;
  scene.link("synops.yaml", scene.outside() / "secret.yaml");
  const std::string errors = scene.errors();
  CHECK(errors ==
        "synops.yaml: error: synops.yaml leads through a symlink to OUT/secret.yaml, outside the manifest directory; the "
        "root file must be a file inside DIR");
  CHECK(errors.find(kCanary) == std::string::npos);
}

TEST_CASE("live.snapshot outside the directory is refused: absolute, by .., through a symlink") {
  Scene scene;
  SUBCASE("absolute") {
    scene.manifest("synops.yaml", "namespace: matrix\nlive: {snapshot: " + (scene.outside() / "docker.json").string() + "}\n");
    CHECK(scene.errors() ==
          "synops.yaml:2:18: error: live.snapshot \"OUT/docker.json\" is outside the manifest directory; write a path inside DIR");
  }
  SUBCASE("by ..") {
    scene.manifest("synops.yaml", "namespace: matrix\nlive:\n  snapshot: ../outside/docker.json\n");
    CHECK(scene.errors() ==
          "synops.yaml:3:13: error: live.snapshot \"../outside/docker.json\" leaves the manifest directory; write a path "
          "inside DIR");
  }
  SUBCASE("a symlinked file") {
    scene.manifest("synops.yaml", "namespace: matrix\nlive:\n  snapshot: live/cluster.json\n");
    scene.link("live/cluster.json", scene.outside() / "docker.json");
    CHECK(scene.errors() ==
          "synops.yaml:3:13: error: live.snapshot \"live/cluster.json\" leads through a symlink to OUT/docker.json, outside "
          "the manifest directory; write a path inside DIR");
  }
  SUBCASE("a file in a snapshot directory") {
    scene.manifest("synops.yaml", "namespace: matrix\nlive:\n  snapshot: live\n");
    scene.manifest("live/a.json", "{\"kind\": \"List\", \"items\": []}\n");
    scene.link("live/b.json", scene.outside() / "docker.json");
    CHECK(scene.errors() ==
          "synops.yaml:3:13: error: live.snapshot \"live\" leads through a symlink to OUT/docker.json, outside the manifest "
          "directory; write a path inside DIR");
  }
}

TEST_CASE("symlinks and absolute paths that stay inside the directory are read") {
  Scene scene;
  scene.manifest("values/topology.yaml", "synapse:\n  main: {kind: StatefulSet, name: synapse-main}\n");
  scene.link("current.yaml", "values/topology.yaml");  // a relative symlink
  scene.link("also", scene.dir() / "values");           // an absolute symlink to a directory inside
  scene.manifest("live/cluster.json", "{\"kind\": \"List\", \"items\": []}\n");
  scene.manifest("synops.yaml", "namespace: matrix\ninclude: [current.yaml]\nlive: {snapshot: " +
                                    (scene.dir() / "live/cluster.json").string() + "}\n");
  CHECK(scene.errors() == "");
  auto desired = load_manifests(scene.dir());
  REQUIRE(desired);
  CHECK(desired->synapse.main->name.value == "synapse-main");
  scene.manifest("synops.yaml", "namespace: matrix\ninclude: [also/topology.yaml]\nlive: {snapshot: also/../live}\n");
  CHECK(scene.errors() == "");
}

TEST_CASE("paths are compared by component, not by string prefix") {
  Scene scene;
  // "manifests2" starts with "manifests" but is not inside it.
  CHECK(path_leaves_directory(scene.dir(), scene.dir().string() + "2/x.json") == "is outside the manifest directory");
  CHECK(path_leaves_directory(scene.dir(), "a/../../manifests/x.json") == "");
  CHECK(path_leaves_directory(scene.dir(), "a/../../x.json") == "leaves the manifest directory");
  CHECK(path_leaves_directory(scene.dir(), scene.dir() / "x.json") == "");
}

}  // namespace
}  // namespace synops
