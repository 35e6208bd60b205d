// drift --metrics-out: the Prometheus text written to a file for node-exporter's textfile
// collector, in the same run that prints the report. Written beside the target and renamed
// over it, so the collector never reads half a file (it drops a whole file it cannot parse).
#pragma once
#include <string>

#include "engine/result.h"

namespace synops::cli {

// Mode 0644: node-exporter runs as another user. The text holds object names and counts,
// never a value from the cluster.
Result<bool> write_metrics_file(const std::string& path, const std::string& text);

}  // namespace synops::cli
