// Drift in the Prometheus text exposition format (version 0.0.4), for node-exporter's
// textfile collector or a Pushgateway. Every metric has its HELP and TYPE lines before its
// samples; every drift type is listed, zeros included, so that alert rules never see a series
// disappear. Names follow Prometheus' conventions: the synops_ prefix, base units in the name
// (_seconds), no _total since nothing here is a counter (each run stands alone), one value per
// label (namespace, kind and name of an object, not "Kind/ns/name").
#include <map>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "render_drift.h"

namespace synops::cli {

namespace {

using Labels = std::vector<std::pair<const char*, std::string>>;

std::string header(const char* name, const char* help) {
  return fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, help, name);
}

std::string sample(const char* name, const Labels& labels, const std::string& value) {
  std::string out = name;
  if (!labels.empty()) {
    out += '{';
    for (size_t i = 0; i < labels.size(); ++i)
      out += fmt::format("{}{}=\"{}\"", i ? "," : "", labels[i].first, prometheus_label_value(labels[i].second));
    out += '}';
  }
  return out + ' ' + value + '\n';
}

// The labels every series carries: the deployment, unless the Pushgateway's grouping key adds it.
Labels run_labels(const DriftRun& run) {
  if (run.deployment_in_grouping_key) return {};
  return {{"deployment", run.deployment}};
}

// Pod-level drift counts against the workload that owns the pod: pod names change on every
// rollout, and a label per pod would make a new series each time.
const ObjectRef& counted_object(const DriftItem& item) { return item.owner ? *item.owner : item.object; }

std::string per_object(const DriftReport& report, const DriftRun& run) {
  using Key = std::tuple<DriftKind, std::string, std::string, std::string>;  // drift, kind, namespace, name
  std::map<Key, int> counts;
  for (const auto& item : report.items) {
    const ObjectRef& object = counted_object(item);
    ++counts[{item.kind, object.kind, object.ns, object.name}];
  }
  std::string out;
  for (const auto& [key, count] : counts) {
    const auto& [drift, kind, ns, name] = key;
    Labels labels = run_labels(run);
    labels.insert(labels.end(), {{"drift", std::string(to_string(drift))}, {"kind", kind}, {"namespace", ns}, {"name", name}});
    out += sample("synops_drift_object_items", labels, std::to_string(count));
  }
  return out;
}

std::string per_drift_type(const DriftReport& report, const DriftRun& run) {
  std::string out;
  for (DriftKind drift : kAllDriftKinds) {
    Labels labels = run_labels(run);
    labels.emplace_back("drift", std::string(to_string(drift)));
    out += sample("synops_drift_items", labels, std::to_string(report.count(drift)));
  }
  return out;
}

}  // namespace

std::string prometheus_label_value(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string render_drift_prometheus(const DriftReport& report, const DriftRun& run) {
  const Labels labels = run_labels(run);
  std::string out = header("synops_drift_items", "Drift items found by the last synops drift run, by type of drift.");
  out += per_drift_type(report, run);
  out += header("synops_drift_object_items",
                "Drift items of the last run by type of drift and Kubernetes object (a pod's items count against its workload).");
  out += per_object(report, run);
  out += header("synops_drift_ignored_items", "Drift items left out of the last run by drift.ignore rules.");
  out += sample("synops_drift_ignored_items", labels, std::to_string(report.ignored));
  out += header("synops_drift_checks_skipped", "Checks the last run could not make (its stderr says why): blind spots.");
  out += sample("synops_drift_checks_skipped", labels, std::to_string(report.notes.size()));
  out += header("synops_drift_in_sync", "1 when the live deployment matched the manifests and was in effect at the last run, else 0.");
  out += sample("synops_drift_in_sync", labels, report.in_sync() ? "1" : "0");
  out += header("synops_drift_run_duration_seconds", "How long the last synops drift run took to read the live state and compare it.");
  out += sample("synops_drift_run_duration_seconds", labels, fmt::format("{:.3f}", run.duration_seconds));
  out += header("synops_drift_last_run_timestamp_seconds", "Unix time at which the last synops drift run completed.");
  out += sample("synops_drift_last_run_timestamp_seconds", labels, std::to_string(run.finished_at));
  return out;
}

}  // namespace synops::cli
