// Renderers of a drift report: text for a person or a CI log, JSON for bots, and the
// Prometheus text exposition format for node-exporter's textfile collector (a cron writes
// it to a file; alerts fire on synops_drift_in_sync == 0). Output is deterministic for a
// given report (and, for Prometheus, run time).
#pragma once
#include <cstdint>
#include <string>

#include "options.h"
#include "stages/drift/drift_item.h"
#include "terminal.h"

namespace synops::cli {

std::string render_drift_text(const DriftReport& report, const Style& style);
std::string render_drift_json(const DriftReport& report);
// `run_at` is the Unix time of the run (synops_drift_last_run_timestamp_seconds).
std::string render_drift_prometheus(const DriftReport& report, std::int64_t run_at);

// Escapes a label value as the exposition format demands: \ -> \\, " -> \", newline -> \n.
std::string prometheus_label_value(const std::string& value);

}  // namespace synops::cli
