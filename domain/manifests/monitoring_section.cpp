// monitoring (§2.6): the monitoring stack's Helm releases, each with the chart and version
// helm upgrade is given, and workloads whose container image synops sets, all in one
// namespace ("monitoring", the guide's, unless written).
#include <algorithm>
#include <map>

#include "kubernetes_names.h"
#include "manifest_keys.h"
#include "sections.h"
#include "adapters/yaml/tree_paths.h"

namespace synops {
namespace {

std::optional<Located<std::string>> helm_argument(const Node& entry, std::string_view key, std::string_view valid,
                                                  Diagnostics& problems) {
  auto text = text_member(entry, key, Need::required, problems);
  if (!text || is_helm_argument(text->value)) return text;
  report(problems, text->at, std::string(key) + " \"" + text->value + "\" " + where_in(entry.path()) + " must be " + std::string(valid) +
                                 ": not empty, no white space, not starting with \"-\"");
  return std::nullopt;
}

std::optional<MonitoringRelease> read_release(const Node& entry, Diagnostics& problems) {
  check_release_name(entry, problems);
  if (!expect_mapping(entry, problems)) return std::nullopt;
  check_keys(entry, manifest_keys::monitoring_release, problems);
  auto chart = helm_argument(entry, "chart", "a chart reference helm upgrade takes (prometheus-community/kube-prometheus-stack, oci://..., a path)",
                             problems);
  auto version = helm_argument(entry, "version", "a chart version (55.0.0)", problems);
  if (!chart || !version) return std::nullopt;
  return MonitoringRelease{Located<std::string>{entry.label(), entry.key_at()}, std::move(*chart), std::move(*version), entry.at()};
}

// A workload's container defaults to the entry's label (`grafana: {kind: Deployment, name: ...}`).
std::optional<MonitoringWorkload> read_monitoring_workload(const Node& entry, Diagnostics& problems) {
  if (!expect_mapping(entry, problems)) return std::nullopt;
  check_keys(entry, manifest_keys::workload, problems);
  auto image = text_member(entry, "image", Need::required, problems);
  auto workload = read_workload(entry, entry.label(), problems);
  if (!image || !workload) return std::nullopt;
  return MonitoringWorkload{std::move(*workload), std::move(*image)};
}

void read_releases(const Node& releases, MonitoringDesired& desired, Diagnostics& problems) {
  if (!expect_mapping(releases, problems)) return;
  for (const Node& entry : releases.members())
    if (auto release = read_release(entry, problems)) desired.releases.push_back(std::move(*release));
  std::ranges::sort(desired.releases, {}, [](const MonitoringRelease& r) { return r.name.value; });
}

// Two entries on one object would fight over its image: the later one is reported.
void read_workloads(const Node& workloads, MonitoringDesired& desired, Diagnostics& problems) {
  if (!expect_mapping(workloads, problems)) return;
  std::map<std::string, SourcePosition> seen;  // "Deployment/grafana" -> the entry that named it first
  for (const Node& entry : workloads.members()) {
    auto workload = read_monitoring_workload(entry, problems);
    if (!workload) continue;
    const WorkloadRef& ref = workload->workload;
    const auto [first, inserted] = seen.try_emplace(ref.kind.value + "/" + ref.name.value, ref.at);
    if (!inserted) {
      report(problems, ref.name.at, ref.kind.value + " \"" + ref.name.value + "\" is named twice in " + workloads.path() +
                                        ": also at " + first->second.str());
      continue;
    }
    desired.workloads.push_back(std::move(*workload));
  }
  std::ranges::sort(desired.workloads, {}, [](const MonitoringWorkload& w) { return w.workload.name.value; });
}

}  // namespace

void read_monitoring_section(const Node& monitoring, std::optional<MonitoringDesired>& desired, Diagnostics& problems) {
  if (!expect_mapping(monitoring, problems)) return;
  check_keys(monitoring, manifest_keys::monitoring, problems);
  MonitoringDesired out;
  out.at = monitoring.at();
  out.ns = Located<std::string>{"monitoring", monitoring.at()};
  if (auto ns = monitoring.get("namespace"))
    if (auto value = read_namespace(*ns, problems)) out.ns = *value;
  if (auto releases = monitoring.get("releases")) read_releases(*releases, out, problems);
  if (auto workloads = monitoring.get("workloads")) read_workloads(*workloads, out, problems);
  desired = std::move(out);
}

}  // namespace synops
