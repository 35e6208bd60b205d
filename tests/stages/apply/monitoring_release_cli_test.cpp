// §2.6 through the real synops and the real helm 3, against the test API server: a monitoring
// release at an older chart version is copied, then upgraded with `helm upgrade --version
// --reset-then-reuse-values --wait` to the manifests' chart, keeping the values it was
// installed with, after which the plan is empty; a new chart version whose pods never become
// ready is put back with `helm rollback` (exit 4).
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

const ObjectRef kSet{"StatefulSet", "monitoring", "prometheus-replicas"};

// The test chart at version 0.2.0, in a directory of its own; `broken` makes its pods crash-loop
// whatever the values say (the test server's --bad-image tag).
fs::path chart_v2(const ApplyWorld& world, bool broken) {
  const fs::path dir = world.scratch.path() / (broken ? "chart-v2-broken" : "chart-v2");
  fs::copy(redis_test_chart(), dir, fs::copy_options::recursive);
  std::string chart = slurp(dir / "Chart.yaml");
  chart.replace(chart.find("version: 0.1.0"), 14, "version: 0.2.0");
  std::ofstream(dir / "Chart.yaml", std::ios::trunc) << chart;
  if (broken) {
    std::string set = slurp(dir / "templates/statefulset.yaml");
    const std::string tag = "{{ .Values.image.tag }}";
    set.replace(set.find(tag), tag.size(), "broken");
    std::ofstream(dir / "templates/statefulset.yaml", std::ios::trunc) << set;
  }
  return dir;
}

// Release "prometheus" of the test chart 0.1.0 in namespace monitoring, with a value of its
// own, and manifests that want `chart` at 0.2.0.
fs::path prometheus_release_and_manifests(const ApplyWorld& world, const fs::path& chart) {
  const HelmRun install = run_helm(world.server, "install prometheus " + redis_test_chart().string() +
                                                     " -n monitoring --wait --timeout 60s --set image.tag=7.4.1-debian-12-r2");
  REQUIRE_MESSAGE(install.status == 0, install.output);
  const fs::path dir = world.scratch.path() / "manifests";
  fs::create_directories(dir);
  std::ofstream(dir / "synops.yaml") << "namespace: matrix\ninclude: [monitoring.yaml]\n";
  std::ofstream(dir / "monitoring.yaml") << "monitoring:\n  releases:\n    prometheus: {chart: " << chart.string() << ", version: 0.2.0}\n";
  return dir;
}

}  // namespace

TEST_SUITE("needs helm") {
TEST_CASE("cli apply: a monitoring release is copied, then upgraded to the manifests' chart version keeping its values") {
  require_helm();
  ApplyWorld world;
  const fs::path chart = chart_v2(world, false);
  const fs::path dir = prometheus_release_and_manifests(world, chart);
  const auto planned = run_cli({"plan", dir.string(), "--kubeconfig", kubeconfig(world), "--no-color", "--detailed-exitcode"});
  CHECK_MESSAGE(planned.code == 2, planned.err);
  CHECK(planned.err.find("HelmRelease/monitoring/prometheus") != std::string::npos);

  const auto applied = run_cli(apply_args(world, dir, "60"));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  CHECK(applied.err.find("helm upgrade prometheus " + chart.string() + " --version 0.2.0 --reset-then-reuse-values --wait --timeout 60s") !=
        std::string::npos);
  CHECK(applied.err.find("Apply complete.") != std::string::npos);
  const auto revisions = helm_history(world.server, "prometheus", "monitoring");
  REQUIRE(revisions.size() == 2);
  CHECK(revisions[1]["status"] == "deployed");
  CHECK(revisions[1]["chart"] == "redis-0.2.0");
  // The value the release was installed with survives the new chart's defaults.
  CHECK(world.live_value(kSet, kContainerImage) == "docker.io/bitnami/redis:7.4.1-debian-12-r2");
  // The copy of revision 1, made before the upgrade, private as every backup.
  bool copied = false;
  for (const auto& entry : fs::directory_iterator(world.journal_dir())) {
    if (entry.path().filename().string().find(".HelmRelease.prometheus.json") == std::string::npos) continue;
    copied = true;
    CHECK(slurp(entry.path()).find("\"sh.helm.release.v1.prometheus.v1\"") != std::string::npos);
    CHECK((fs::status(entry.path()).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  }
  CHECK(copied);

  const auto again = run_cli({"plan", dir.string(), "--kubeconfig", kubeconfig(world), "--detailed-exitcode"});
  CHECK_MESSAGE(again.code == 0, again.err);
}

TEST_CASE("cli apply: a monitoring chart version that never becomes ready is rolled back with helm rollback (exit 4)") {
  require_helm();
  ApplyWorld world;
  const fs::path dir = prometheus_release_and_manifests(world, chart_v2(world, true));

  const auto failed = run_cli(apply_args(world, dir, "8"));
  CHECK_MESSAGE(failed.code == 4, failed.err);
  CHECK(failed.err.find("helm rollback prometheus 1") != std::string::npos);
  CHECK(failed.err.find("Rolled back: every step that ran was undone") != std::string::npos);
  const auto revisions = helm_history(world.server, "prometheus", "monitoring");
  REQUIRE(revisions.size() == 3);
  CHECK(revisions[1]["status"] == "failed");
  CHECK(revisions[2]["status"] == "deployed");
  CHECK(revisions[2]["chart"] == "redis-0.1.0");
  CHECK(world.live_value(kSet, kContainerImage) == "docker.io/bitnami/redis:7.4.1-debian-12-r2");
}
}
