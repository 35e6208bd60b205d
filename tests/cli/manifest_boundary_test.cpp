// The attacks of issue #18, item 4, through the real binary: manifests a pull request carries
// name a file outside their directory (a symlinked file or directory, "..", an absolute path,
// live.snapshot), or the operator passes a --live file that is not JSON. Each must fail with
// exit 1, name the file and the key, and never print the canary the file outside holds.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/boundary_scene.h"
#include "support/run_synops.h"

namespace synops::testing {
namespace {

namespace fs = std::filesystem;


// The scene with a valid topology.yaml in the manifests, and synops.yaml written per test.
class Scene : public BoundaryScene {
 public:
  Scene() : BoundaryScene("synops-boundary-cli") {
    manifest("topology.yaml", "synapse:\n  main: {kind: StatefulSet, name: synapse-main}\n");
  }
  void synops_yaml(const std::string& rest) const { manifest("synops.yaml", "namespace: matrix\n" + rest); }
};

// Exit 1, the message `expected` on stderr, no canary anywhere.
void check_refused(const RunResult& run, const std::string& expected) {
  INFO("stdout: " << run.out << "\nstderr: " << run.err);
  CHECK(run.exit_code == 1);
  CHECK(run.err.find(expected) != std::string::npos);
  CHECK(run.out.find(kBoundaryCanary) == std::string::npos);
  CHECK(run.err.find(kBoundaryCanary) == std::string::npos);
}

TEST_CASE("validate: an include that is a symlink to a file outside is refused, naming the include, not the content") {
  Scene scene;
  scene.synops_yaml("include: [topology.yaml, shadow.yaml]\n");
  scene.link("shadow.yaml", scene.outside() / "shadow");
  check_refused(run_synops("validate " + quoted(scene.dir())),
                "synops.yaml:2:26: error: include \"shadow.yaml\" leads through a symlink to " + (scene.outside() / "shadow").string() +
                    ", outside the manifest directory; write a path inside " + scene.dir().string() + "\n");
}

TEST_CASE("validate: an include through a symlinked directory pointing outside is refused") {
  Scene scene;
  scene.synops_yaml("include: [values/shadow]\n");
  scene.link("values", scene.outside());
  check_refused(run_synops("validate " + quoted(scene.dir())), "synops.yaml:2:11: error: include \"values/shadow\" leads through a symlink to ");
}

TEST_CASE("validate: includes by .. and by absolute path are refused") {
  Scene scene;
  scene.synops_yaml("include: [../outside/shadow, " + (scene.outside() / "shadow").string() + "]\n");
  const RunResult run = run_synops("validate " + quoted(scene.dir()));
  check_refused(run, "synops.yaml:2:11: error: include \"../outside/shadow\" leaves the manifest directory; write a path inside ");
  check_refused(run, "error: include \"" + (scene.outside() / "shadow").string() + "\" is not a relative path");
}

TEST_CASE("plan: live.snapshot outside the directory is refused before it is read") {
  Scene scene;
  SUBCASE("absolute") {
    scene.synops_yaml("include: [topology.yaml]\nlive: {snapshot: " + (scene.outside() / "docker.json").string() + "}\n");
    check_refused(run_synops("plan " + quoted(scene.dir())),
                  "synops.yaml:3:18: error: live.snapshot \"" + (scene.outside() / "docker.json").string() +
                      "\" is outside the manifest directory; write a path inside " + scene.dir().string() + "\n");
  }
  SUBCASE("relative, by ..") {
    scene.synops_yaml("include: [topology.yaml]\nlive: {snapshot: ../outside/docker.json}\n");
    check_refused(run_synops("plan " + quoted(scene.dir())),
                  "synops.yaml:3:18: error: live.snapshot \"../outside/docker.json\" leaves the manifest directory; write a path inside ");
  }
  SUBCASE("a symlink") {
    scene.synops_yaml("include: [topology.yaml]\nlive: {snapshot: cluster.json}\n");
    scene.link("cluster.json", scene.outside() / "docker.json");
    check_refused(run_synops("plan " + quoted(scene.dir())),
                  "synops.yaml:3:18: error: live.snapshot \"cluster.json\" leads through a symlink to ");
  }
}

TEST_CASE("plan --live: the operator's file may lie anywhere, but its parse error never quotes it") {
  Scene scene;
  const fs::path live = scene.outside() / "docker.json";
  const RunResult run = run_synops("plan examples/matrix --live " + quoted(live));
  check_refused(run, live.string() + ":1:");
  CHECK(run.err.find("not valid JSON") != std::string::npos);
}

TEST_CASE("validate and plan: a symlink that stays inside the directory is followed") {
  Scene scene;
  scene.synops_yaml("include: [current.yaml]\nlive: {snapshot: live/cluster.json}\n");
  scene.link("current.yaml", "topology.yaml");
  scene.link("live", fs::path(SYNOPS_SOURCE_DIR) / "examples/matrix/live");  // the snapshot outside: refused
  check_refused(run_synops("plan " + quoted(scene.dir())), "live.snapshot \"live/cluster.json\" leads through a symlink to ");
  fs::remove(scene.dir() / "live");
  fs::create_directories(scene.dir() / "live");
  fs::copy_file(fs::path(SYNOPS_SOURCE_DIR) / "examples/matrix/live/cluster.json", scene.dir() / "live/cluster.json");
  const RunResult validated = run_synops("validate " + quoted(scene.dir()));
  CHECK_MESSAGE(validated.exit_code == 0, validated.err);
  const RunResult planned = run_synops("plan " + quoted(scene.dir()));
  // The example's live state has far more than this one workload; what matters is that the
  // plan read both the symlinked include and the snapshot.
  CHECK_MESSAGE(planned.err.find("error") == std::string::npos, planned.err);
  CHECK(planned.exit_code == 0);
}

}  // namespace
}  // namespace synops::testing
