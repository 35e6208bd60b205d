// drift --pushgateway URL: the metrics of one run pushed to a Prometheus Pushgateway, the
// Prometheus convention for batch jobs (a CronJob's pod is gone before any scrape). An HTTP
// PUT replaces every metric of the group, so series of objects that stopped drifting vanish.
// A small libcurl client of its own: adapters/kubernetes' client speaks only to API servers.
#pragma once
#include <string>

#include "engine/result.h"

namespace synops::cli {

// The group's URL: URL/metrics/job/synops_drift/deployment/DEPLOYMENT (the value
// percent-encoded). The Pushgateway adds job and deployment to every series it serves.
std::string pushgateway_group_url(const std::string& base_url, const std::string& deployment);

// PUTs `text` (the exposition format, without the grouping key's labels) to the group. The
// error is one line naming the URL without its user and password, and what went wrong.
Result<bool> push_to_pushgateway(const std::string& base_url, const std::string& deployment, const std::string& text);

}  // namespace synops::cli
