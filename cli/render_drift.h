// Renderers of a drift report: text for a person or a CI log, JSON for bots, and the
// Prometheus text exposition format for node-exporter's textfile collector or a Pushgateway
// (alerts fire on synops_drift_in_sync == 0). Output is deterministic for a given report
// (and, for Prometheus, run).
#pragma once
#include <cstdint>
#include <string>

#include "options.h"
#include "plan_file.h"
#include "stages/drift/drift_item.h"
#include "terminal.h"

namespace synops::cli {

std::string render_drift_text(const DriftReport& report, const Style& style);
// `origin` says which synops read what, when (the plan file's own fields, docs/drift.md).
std::string render_drift_json(const DriftReport& report, const PlanOrigin& origin);

// What the metrics say about the run itself, beside the report.
struct DriftRun {
  std::string deployment;         // the deployment's namespace (synops.yaml's namespace:, or --namespace)
  std::int64_t finished_at = 0;   // Unix time (synops_drift_last_run_timestamp_seconds)
  double duration_seconds = 0;    // reading and comparing (synops_drift_run_duration_seconds)
  // A Pushgateway adds the grouping key's labels to every series and refuses a push whose
  // series carry one of them: with the deployment in the grouping key, leave the label out.
  bool deployment_in_grouping_key = false;
};

std::string render_drift_prometheus(const DriftReport& report, const DriftRun& run);

// Escapes a label value as the exposition format demands: \ -> \\, " -> \", newline -> \n.
std::string prometheus_label_value(const std::string& value);

}  // namespace synops::cli
