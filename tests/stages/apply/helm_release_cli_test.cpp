// §2.3 through the real synops and the real helm 3, against the test API server: a Redis
// value change is applied with `helm upgrade --reuse-values --wait`, after which the plan is
// empty; a release whose pods never become ready is put back with `helm rollback` (exit 4); a
// plan made from an older revision, and a missing helm, are refused before anything is written.
#include <doctest/doctest.h>

#include <fstream>
#include <regex>

#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "support/helm_binary.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

const ObjectRef kRedis{"StatefulSet", "matrix", "redis-livekit-replicas"};
const std::string kImported = "redis-livekit: {imageTag: 7.4.1-debian-12-r2, replicas: 1}";

// The example's redis-livekit made a real Helm release of the test chart (its seeded release
// Secret removed first), then manifests imported from the cluster: a plan of them is empty.
fs::path redis_release_and_manifests(const ApplyWorld& world) {
  REQUIRE(world.client.remove(ObjectRef{"Secret", "matrix", "sh.helm.release.v1.redis-livekit.v1"}));
  install_test_release(world.server, "redis-livekit", "--set image.tag=7.4.1-debian-12-r2");
  const fs::path dir = world.scratch.path() / "imported";
  const auto imported = run_cli({"import", "--kubeconfig", kubeconfig(world), "--out", dir.string()});
  REQUIRE_MESSAGE(imported.code == 0, imported.err);
  REQUIRE(slurp(dir / "redis.yaml").find(kImported) != std::string::npos);
  const auto plan = run_cli({"plan", dir.string(), "--kubeconfig", kubeconfig(world), "--detailed-exitcode"});
  REQUIRE_MESSAGE(plan.code == 0, plan.err);
  return dir;
}

void want_redis(const fs::path& dir, const std::string& values) {
  std::string text = slurp(dir / "redis.yaml");
  text.replace(text.find(kImported), kImported.size(), "redis-livekit: " + values);
  std::ofstream(dir / "redis.yaml", std::ios::trunc) << text;
}

}  // namespace

TEST_SUITE("needs helm") {
TEST_CASE("cli apply: a Redis value change runs helm upgrade --reuse-values --wait; then the plan is empty") {
  require_helm();
  ApplyWorld world;
  const fs::path dir = redis_release_and_manifests(world);
  want_redis(dir, "{imageTag: 7.4.2, replicas: 2}");

  const auto applied = run_cli(apply_args(world, dir, "60"));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  CHECK(applied.err.find("helm upgrade redis-livekit ") != std::string::npos);
  CHECK(applied.err.find(" --reuse-values --set-json image.tag=\"7.4.2\" --set-json replica.replicaCount=2 --wait --timeout 60s") !=
        std::string::npos);
  CHECK(applied.err.find("Apply complete.") != std::string::npos);
  CHECK(world.live_value(kRedis, kContainerImage) == "docker.io/bitnami/redis:7.4.2");
  CHECK(world.live_value(kRedis, "/status/readyReplicas") == 2);
  const auto revisions = helm_history(world.server, "redis-livekit", "matrix");
  REQUIRE(revisions.size() == 2);
  CHECK(revisions[1]["status"] == "deployed");
  // The chart stored in revision 1 was written beside the journal for helm, and removed after.
  for (const auto& entry : fs::directory_iterator(world.journal_dir()))
    CHECK_MESSAGE(entry.path().string().find(".chart-") == std::string::npos, entry.path());

  const auto again = run_cli({"plan", dir.string(), "--kubeconfig", kubeconfig(world), "--detailed-exitcode"});
  CHECK_MESSAGE(again.code == 0, again.err);
}

TEST_CASE("cli apply: a release that never becomes ready is rolled back with helm rollback (exit 4)") {
  require_helm();
  ApplyWorld world;  // --forced-rollback: the crash-looping pod stays until deleted
  const fs::path dir = redis_release_and_manifests(world);
  want_redis(dir, "{imageTag: broken, replicas: 1}");  // crash-loops (the test server's --bad-image)

  const auto failed = run_cli(apply_args(world, dir, "8"));
  CHECK_MESSAGE(failed.code == 4, failed.err);
  CHECK(failed.err.find("helm exited 1: Error: UPGRADE FAILED: context deadline exceeded") != std::string::npos);
  CHECK(failed.err.find("helm rollback redis-livekit 1") != std::string::npos);
  CHECK(failed.err.find("Rolled back: every step that ran was undone") != std::string::npos);
  const auto revisions = helm_history(world.server, "redis-livekit", "matrix");
  REQUIRE(revisions.size() == 3);
  CHECK(revisions[1]["status"] == "failed");
  CHECK(revisions[2]["status"] == "deployed");
  CHECK(revisions[2]["description"] == "Rollback to 1");
  CHECK(world.live_value(kRedis, kContainerImage) == "docker.io/bitnami/redis:7.4.1-debian-12-r2");
  CHECK(world.live_value(kRedis, "/status/readyReplicas") == 1);
  // The plan is what it was: the same change, now against revision 3.
  const auto again = run_cli({"plan", dir.string(), "--kubeconfig", kubeconfig(world)});
  CHECK(again.err.find("helm upgrade --reuse-values of revision 3 with the changed values") != std::string::npos);
}

TEST_CASE("cli apply: a plan made from an older release revision, or without helm, is refused before anything is written") {
  require_helm();
  ApplyWorld world;
  const fs::path dir = redis_release_and_manifests(world);
  want_redis(dir, "{imageTag: 7.4.2, replicas: 1}");
  const fs::path saved = dir / "redis.plan.json";
  const auto planned = run_cli({"plan", dir.string(), "--kubeconfig", kubeconfig(world), "--out", saved.string()});
  REQUIRE_MESSAGE(planned.code == 0, planned.err);

  auto no_helm = apply_args(world, dir, "60");
  no_helm.insert(no_helm.end(), {"--helm", "/nonexistent/helm"});
  const auto refused = run_cli(no_helm);
  CHECK_MESSAGE(refused.code == 3, refused.err);
  CHECK(refused.err.find("a1: the plan changes a Helm release, and apply runs helm 3 for it, but \"/nonexistent/helm\" is not an "
                         "executable file: install helm 3") != std::string::npos);
  CHECK_FALSE(fs::exists(world.journal_dir()));

  // Someone else upgrades the release after the plan was made.
  const HelmRun other = run_helm(world.server, "upgrade redis-livekit " + redis_test_chart().string() +
                                                   " -n matrix --reuse-values --set replica.replicaCount=2 --wait --timeout 60s");
  REQUIRE_MESSAGE(other.status == 0, other.output);
  auto stale = apply_args(world, dir, "60");
  stale[1] = saved.string();
  const auto refused_stale = run_cli(stale);
  CHECK_MESSAGE(refused_stale.code == 3, refused_stale.err);
  CHECK(refused_stale.err.find("Helm release matrix/redis-livekit changed since the plan was made (revision 1 -> 2)") != std::string::npos);
  CHECK(helm_history(world.server, "redis-livekit", "matrix").size() == 2);
  CHECK(world.live_value(kRedis, kContainerImage) == "docker.io/bitnami/redis:7.4.1-debian-12-r2");
}

TEST_CASE("cli apply: helm runs without a shell, with the cluster synops uses, each value an argument of its own") {
  require_helm();
  ApplyWorld world;
  const fs::path dir = redis_release_and_manifests(world);
  want_redis(dir, "{imageTag: '7.4.2; touch /tmp/synops-pwned', replicas: 1}");
  // A helm that records who ran it and with what, then fails: nothing was upgraded.
  const fs::path record = world.scratch.path() / "helm-shim";
  const fs::path shim = world.scratch.write("bin/helm", "#!/bin/sh\ncat /proc/$PPID/comm > '" + record.string() + ".parent'\n"
                                                        "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + record.string() + ".argv'\n"
                                                        "echo 'Error: shim' >&2\nexit 1\n", true);
  auto args = apply_args(world, dir, "60");
  args.insert(args.end(), {"--helm", shim.string()});
  const auto failed = run_cli(args);
  CHECK_MESSAGE(failed.code == 4, failed.err);
  CHECK(failed.err.find("helm exited 1: Error: shim") != std::string::npos);
  CHECK(slurp(fs::path(record.string() + ".parent")) == "synops\n");
  const std::string argv = slurp(fs::path(record.string() + ".argv"));
  CHECK(argv.starts_with("upgrade\nredis-livekit\n"));
  CHECK(argv.find("\n--set-json\nimage.tag=\"7.4.2; touch /tmp/synops-pwned\"\n") != std::string::npos);
  CHECK(argv.find("\n--namespace\nmatrix\n--kubeconfig\n" + kubeconfig(world) + "\n") != std::string::npos);
  CHECK_FALSE(fs::exists("/tmp/synops-pwned"));
  CHECK(helm_history(world.server, "redis-livekit", "matrix").size() == 1);  // helm never ran: nothing to roll back
}
}
