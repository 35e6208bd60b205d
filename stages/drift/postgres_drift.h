// PostgreSQL drift that only the running server can show: the Cluster's spec may match the
// manifests while the server still runs older values. Needs pg_settings (pg_settings.h),
// read only when postgres.connection is configured.
//   - pending-restart: any setting changed in the configuration but waiting for a restart
//     (pending_restart = true), owned by the manifests or not;
//   - effective-setting: an owned parameter whose value in effect differs from postgres.yaml
//     and is not waiting for a restart (then it is reported as pending-restart only).
#pragma once
#include <vector>

#include "drift_item.h"
#include "pg_settings.h"
#include "domain/manifests/desired.h"

namespace synops {

std::vector<DriftItem> postgres_drift(const Desired& desired, const std::vector<PgSetting>& settings);

}  // namespace synops
