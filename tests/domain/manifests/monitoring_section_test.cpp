// monitoring (§2.6): the monitoring stack's Helm releases (chart, version) and workload
// images, in their own namespace. Bad input is an error at its file, line and key that says
// what would be valid; nothing else is read from it.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "domain/manifests/manifest_loader.h"

namespace fs = std::filesystem;

namespace {

synops::Result<synops::Desired> load_monitoring_yaml(const std::string& monitoring_yaml) {
  std::string pattern = (fs::temp_directory_path() / "synops-monitoring-XXXXXX").string();
  const fs::path dir = mkdtemp(pattern.data());
  std::ofstream(dir / "synops.yaml") << "namespace: matrix\ninclude: [monitoring.yaml]\n";
  std::ofstream(dir / "monitoring.yaml") << monitoring_yaml;
  auto desired = synops::load_manifests(dir);
  fs::remove_all(dir);
  return desired;
}

std::string errors(const std::string& monitoring_yaml) {
  auto desired = load_monitoring_yaml(monitoring_yaml);
  std::string text;
  if (!desired)
    for (const auto& problem : desired.error()) text += problem.format() + "\n";
  return text;
}

}  // namespace

TEST_CASE("monitoring: releases by chart version and workloads by image, in the monitoring namespace by default") {
  auto desired = load_monitoring_yaml(
      "monitoring:\n"
      "  releases:\n"
      "    loki: {chart: grafana/loki-stack, version: 2.10.0}\n"
      "    kube-prometheus-stack: {chart: prometheus-community/kube-prometheus-stack, version: 55.0.0}\n"
      "  workloads:\n"
      "    grafana: {kind: Deployment, name: kube-prometheus-stack-grafana, image: grafana/grafana:10.2.2}\n"
      "    exporter: {kind: StatefulSet, name: blackbox, container: blackbox-exporter, image: prom/blackbox-exporter:v0.24.0}\n");
  REQUIRE(desired);
  REQUIRE(desired->monitoring);
  const auto& m = *desired->monitoring;
  CHECK(m.ns.value == "monitoring");
  REQUIRE(m.releases.size() == 2);
  CHECK(m.releases[0].name.value == "kube-prometheus-stack");  // sorted by name
  CHECK(m.releases[0].chart.value == "prometheus-community/kube-prometheus-stack");
  CHECK(m.releases[0].version.value == "55.0.0");
  CHECK(m.releases[0].version.at.str() == "monitoring.yaml:4:89");
  CHECK(m.releases[1].name.value == "loki");
  REQUIRE(m.workloads.size() == 2);
  CHECK(m.workloads[0].workload.name.value == "blackbox");  // sorted by name
  CHECK(m.workloads[0].workload.container == "blackbox-exporter");
  CHECK(m.workloads[1].workload.kind.value == "Deployment");
  CHECK(m.workloads[1].workload.container == "grafana");  // the entry's key
  CHECK(m.workloads[1].image.value == "grafana/grafana:10.2.2");

  auto elsewhere = load_monitoring_yaml("monitoring: {namespace: observability}\n");
  REQUIRE(elsewhere);
  CHECK(elsewhere->monitoring->ns.value == "observability");
  auto none = load_monitoring_yaml("{}\n");
  REQUIRE(none);
  CHECK_FALSE(none->monitoring);
}

TEST_CASE("monitoring: an unknown key is an error at its line with a suggestion and the valid keys") {
  const std::string text = errors("monitoring:\n  relases: {}\n");
  CHECK(text.starts_with("monitoring.yaml:2:3: error: unknown key \"relases\" in monitoring"));
  CHECK(text.find("did you mean \"releases\"") != std::string::npos);
  CHECK(text.find("namespace, releases, workloads") != std::string::npos);
  const std::string release = errors("monitoring:\n  releases:\n    loki: {chart: grafana/loki-stack, version: 2.10.0, values: x}\n");
  CHECK(release.starts_with("monitoring.yaml:3:"));
  CHECK(release.find("unknown key \"values\" in monitoring.releases.loki") != std::string::npos);
}

TEST_CASE("monitoring: a release needs its chart and version, each one argument helm cannot misread") {
  CHECK(errors("monitoring:\n  releases:\n    loki: {chart: grafana/loki-stack}\n")
            .find("monitoring.yaml:3:11: error: missing required key \"version\" in monitoring.releases.loki") != std::string::npos);
  CHECK(errors("monitoring:\n  releases:\n    loki: {version: 2.10.0}\n").find("missing required key \"chart\"") != std::string::npos);
  const std::string flag = errors("monitoring:\n  releases:\n    loki: {chart: --post-renderer=/tmp/evil, version: 2.10.0}\n");
  CHECK(flag.starts_with("monitoring.yaml:3:"));
  CHECK(flag.find("error: chart \"--post-renderer=/tmp/evil\" in monitoring.releases.loki must be a chart reference helm upgrade takes") !=
        std::string::npos);
  CHECK(errors("monitoring:\n  releases:\n    loki: {chart: grafana/loki-stack, version: '2.10 --devel'}\n").find("no white space") !=
        std::string::npos);
  CHECK(errors("monitoring:\n  releases:\n    'x; id': {chart: a/b, version: 1.0.0}\n").find("must be a Kubernetes name") !=
        std::string::npos);
}

TEST_CASE("monitoring: a workload needs kind, name and image; one object named twice is an error naming both places") {
  CHECK(errors("monitoring:\n  workloads:\n    grafana: {kind: Deployment, name: grafana}\n")
            .find("missing required key \"image\" in monitoring.workloads.grafana") != std::string::npos);
  CHECK(errors("monitoring:\n  workloads:\n    grafana: {kind: DaemonSet, name: grafana, image: g:1}\n").find("Deployment") !=
        std::string::npos);
  const std::string twice = errors(
      "monitoring:\n  workloads:\n    a: {kind: Deployment, name: grafana, image: g:1}\n    b: {kind: Deployment, name: grafana, image: g:2}\n");
  CHECK(twice.find("monitoring.yaml:4:") == 0);
  CHECK(twice.find("Deployment \"grafana\" is named twice in monitoring.workloads: also at monitoring.yaml:3:") != std::string::npos);
  CHECK(errors("monitoring: {namespace: Monitoring}\n").find("a Kubernetes namespace") != std::string::npos);
}
