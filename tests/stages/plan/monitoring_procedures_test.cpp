// The monitoring stack (§2.6) on top of examples/matrix: Helm releases upgraded to the
// manifests' chart version after a copy of the release, workload images rolled; all low
// risk, in their own namespace, and apart from Synapse's order.
#include <doctest/doctest.h>

#include "engine/base64.h"
#include "engine/plan_json.h"
#include "support/scenario.h"

using namespace synops;
using namespace synops::testing;

namespace {

const std::string kStack = "HelmRelease/monitoring/kube-prometheus-stack";

// A deployed revision of a release, as helm stores it (the release JSON, base64 twice; helm
// would gzip it too, which the reader accepts either way).
LiveObject release_secret(const std::string& name, int revision, const std::string& chart, const std::string& version) {
  const nlohmann::json release = {{"name", name}, {"namespace", "monitoring"}, {"version", revision},
                                  {"info", {{"status", "deployed"}}},
                                  {"chart", {{"metadata", {{"name", chart}, {"version", version}}}, {"values", nlohmann::json::object()}}},
                                  {"config", {{"grafana", {{"adminUser", "admin"}}}}}};
  const std::string secret_name = "sh.helm.release.v1." + name + ".v" + std::to_string(revision);
  nlohmann::json body = {{"apiVersion", "v1"}, {"kind", "Secret"}, {"type", "helm.sh/release.v1"},
                         {"metadata", {{"name", secret_name}, {"namespace", "monitoring"}, {"resourceVersion", "7"},
                                       {"labels", {{"owner", "helm"}, {"name", name}, {"status", "deployed"},
                                                   {"version", std::to_string(revision)}}}}},
                         {"data", {{"release", base64_encode(base64_encode(release.dump()))}}}};
  return LiveObject{{"Secret", "monitoring", secret_name}, "v1", "7", LiveBody(std::move(body))};
}

LiveObject grafana(const std::string& image) {
  nlohmann::json body = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"},
                         {"metadata", {{"name", "grafana"}, {"namespace", "monitoring"}, {"resourceVersion", "9"}, {"generation", 1}}},
                         {"spec", {{"replicas", 1}, {"template", {{"spec", {{"containers", {{{"name", "grafana"}, {"image", image}}}}}}}}}},
                         {"status", {{"observedGeneration", 1}, {"replicas", 1}, {"readyReplicas", 1}, {"updatedReplicas", 1},
                                     {"availableReplicas", 1}}}};
  return LiveObject{{"Deployment", "monitoring", "grafana"}, "apps/v1", "9", LiveBody(std::move(body))};
}

// examples/matrix in sync, with a monitoring stack live at kube-prometheus-stack 54.2.2 and
// Grafana 10.1.5, and monitoring.yaml wanting what is live.
Scenario with_monitoring() {
  Scenario s = Scenario::in_sync();
  s.live.add(release_secret("kube-prometheus-stack", 3, "kube-prometheus-stack", "54.2.2"));
  s.live.add(release_secret("loki", 1, "loki-stack", "2.10.0"));
  s.live.add(grafana("grafana/grafana:10.1.5"));
  MonitoringDesired m;
  m.ns = {"monitoring", {"monitoring.yaml", 2, 14}};
  m.releases.push_back({{"kube-prometheus-stack", {"monitoring.yaml", 4, 5}},
                        {"prometheus-community/kube-prometheus-stack", {"monitoring.yaml", 4, 35}},
                        {"54.2.2", {"monitoring.yaml", 4, 88}},
                        {"monitoring.yaml", 4, 28}});
  m.releases.push_back({{"loki", {"monitoring.yaml", 5, 5}}, {"grafana/loki-stack", {"monitoring.yaml", 5, 18}},
                        {"2.10.0", {"monitoring.yaml", 5, 47}}, {"monitoring.yaml", 5, 11}});
  MonitoringWorkload g;
  g.workload.kind = {"Deployment", {"monitoring.yaml", 7, 21}};
  g.workload.name = {"grafana", {"monitoring.yaml", 7, 39}};
  g.workload.container = "grafana";
  g.workload.at = {"monitoring.yaml", 7, 14};
  g.image = {"grafana/grafana:10.1.5", {"monitoring.yaml", 7, 55}};
  m.workloads.push_back(std::move(g));
  s.desired.monitoring = std::move(m);
  return s;
}

}  // namespace

TEST_CASE("monitoring in sync: no change") {
  CHECK(with_monitoring().plan().actions.empty());
}

TEST_CASE("monitoring chart version: a copy of the release, helm upgrade to the manifests' chart and version, its wait; low risk") {
  Scenario s = with_monitoring();
  s.desired.monitoring->releases[0].version.value = "55.0.0";
  const Plan plan = s.plan();
  CHECK(steps_text(plan) == "backup " + kStack + " object-copy\nupdate " + kStack + "\nwait " + kStack + "\n");
  const Action& update = step(plan, "update " + kStack);
  REQUIRE(update.changes.size() == 1);
  CHECK(update.changes[0].path.str() == "/chart/metadata/version");
  CHECK(update.changes[0].before == "54.2.2");
  CHECK(update.changes[0].after == "55.0.0");
  CHECK(update.changes[0].reason == "monitoring.releases.kube-prometheus-stack.version in monitoring.yaml:4:88");
  CHECK(update.helm == HelmRevision{3, "kube-prometheus-stack"});
  CHECK(update.reason.find("to chart prometheus-community/kube-prometheus-stack version 55.0.0") != std::string::npos);
  CHECK(update.risk == Risk::low);
  CHECK(step(plan, "backup " + kStack + " object-copy").backup_method == BackupMethod::object_copy);
  CHECK(position(plan, "backup " + kStack + " object-copy") < position(plan, "update " + kStack));
  CHECK(plan.summary.risk == Risk::low);
  CHECK_FALSE(plan.summary.maintenance_window);
  CHECK(plan.summary.restarts.empty());
  // Nothing secret of the release reaches the plan: only its chart version.
  CHECK(plan_to_json(plan).dump().find("adminUser") == std::string::npos);
}

TEST_CASE("monitoring workload image: rolled with its wait, low risk") {
  Scenario s = with_monitoring();
  s.desired.monitoring->workloads[0].image.value = "grafana/grafana:10.2.2";
  const Plan plan = s.plan();
  CHECK(steps_text(plan) == "update Deployment/monitoring/grafana\nwait Deployment/monitoring/grafana\n");
  const Action& update = step(plan, "update Deployment/monitoring/grafana");
  CHECK(update.changes[0].path.str() == "/spec/template/spec/containers/0/image");
  CHECK(update.changes[0].before == "grafana/grafana:10.1.5");
  CHECK(update.restarts_pods);
  CHECK(plan.summary.risk == Risk::low);
  CHECK(plan.summary.restarts == std::vector<std::string>{"Deployment/monitoring/grafana"});
}

TEST_CASE("monitoring steps stand apart from a Synapse upgrade: no edge to or from Synapse's chain, and one copy of the release") {
  Scenario s = with_monitoring();
  s.desired.monitoring->releases[0].version.value = "55.0.0";
  s.desired.synapse.main_image->value = "matrixdotorg/synapse:v1.121.0";
  s.desired.synapse.workers_image->value = "matrixdotorg/synapse:v1.121.0";
  s.desired.synapse.li_image->value = "matrixdotorg/synapse:v1.121.0";
  const Plan plan = s.plan();
  CHECK(plan.summary.risk >= Risk::medium);
  size_t copies = 0;
  for (const auto& action : plan.actions) {
    if (action.target.str() == kStack && action.type == ActionType::backup) ++copies;
    const bool monitoring = action.target.ns == "monitoring";
    if (action.type == ActionType::backup || action.type == ActionType::maintenance) continue;
    for (const auto& dependency : action.depends_on) {
      const Action& before = [&]() -> const Action& {
        for (const auto& other : plan.actions)
          if (other.id == dependency.id) return other;
        FAIL("no step " << dependency.id);
        throw std::logic_error("unreachable");
      }();
      if (before.type == ActionType::backup || before.type == ActionType::maintenance) continue;
      CAPTURE(action.key);
      CAPTURE(before.key);
      CHECK(monitoring == (before.target.ns == "monitoring"));
    }
  }
  CHECK(copies == 1);
}

TEST_CASE("monitoring: a release or workload missing from the cluster is an error at its manifest position") {
  Scenario release = with_monitoring();
  release.desired.monitoring->releases[1].name.value = "loki-gone";
  auto release_plan = draft_deployment_plan(release.desired, release.live, {});
  REQUIRE_FALSE(release_plan);
  CHECK(release_plan.error()[0].format().starts_with("monitoring.yaml:5:5: error: monitoring.releases.loki-gone: Helm release "
                                                      "monitoring/loki-gone has no deployed revision"));
  Scenario workload = with_monitoring();
  workload.desired.monitoring->workloads[0].workload.name.value = "grafana-gone";
  auto workload_plan = draft_deployment_plan(workload.desired, workload.live, {});
  REQUIRE_FALSE(workload_plan);
  CHECK(workload_plan.error()[0].format().starts_with("monitoring.yaml:7:14: error:"));
  CHECK(workload_plan.error()[0].message.find("grafana-gone") != std::string::npos);
}
