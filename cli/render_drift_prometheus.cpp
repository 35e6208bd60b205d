// Drift in the Prometheus text exposition format (version 0.0.4), for node-exporter's
// textfile collector. Every metric has its HELP and TYPE lines before its samples; every
// kind is listed, zeros included, so that alert rules never see a series disappear.
#include <map>
#include <utility>

#include <fmt/format.h>

#include "render_drift.h"

namespace synops::cli {

namespace {

std::string header(const char* name, const char* help) {
  return fmt::format("# HELP {} {}\n# TYPE {} gauge\n", name, help, name);
}

// Pod-level drift counts against the workload that owns the pod: pod names change on every
// rollout, and a label per pod would make a new series each time.
std::string object_label(const DriftItem& item) { return (item.owner ? *item.owner : item.object).str(); }

std::string per_object(const DriftReport& report) {
  std::map<std::pair<DriftKind, std::string>, int> counts;
  for (const auto& item : report.items) ++counts[{item.kind, object_label(item)}];
  std::string out;
  for (const auto& [key, count] : counts)
    out += fmt::format("synops_drift_object_items{{kind=\"{}\",object=\"{}\"}} {}\n",
                       prometheus_label_value(std::string(to_string(key.first))), prometheus_label_value(key.second), count);
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

std::string render_drift_prometheus(const DriftReport& report, std::int64_t run_at) {
  std::string out = header("synops_drift_items", "Drift items found by the last synops drift run, by kind of drift.");
  for (DriftKind kind : kAllDriftKinds)
    out += fmt::format("synops_drift_items{{kind=\"{}\"}} {}\n", prometheus_label_value(std::string(to_string(kind))),
                       report.count(kind));
  out += header("synops_drift_object_items", "Drift items of the last run by kind and object (pods count against their workload).");
  out += per_object(report);
  out += header("synops_drift_ignored_items", "Drift items left out of the last run by drift.ignore rules.");
  out += fmt::format("synops_drift_ignored_items {}\n", report.ignored);
  out += header("synops_drift_checks_skipped", "Checks the last run could not make (its stderr says why): blind spots.");
  out += fmt::format("synops_drift_checks_skipped {}\n", report.notes.size());
  out += header("synops_drift_in_sync", "1 when the live deployment matched the manifests and was in effect at the last run, else 0.");
  out += fmt::format("synops_drift_in_sync {}\n", report.in_sync() ? 1 : 0);
  out += header("synops_drift_last_run_timestamp_seconds", "Unix time of the last completed synops drift run.");
  out += fmt::format("synops_drift_last_run_timestamp_seconds {}\n", run_at);
  return out;
}

}  // namespace synops::cli
