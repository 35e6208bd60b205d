#include <chrono>
#include <iostream>

#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "live_source.h"
#include "metrics_file.h"
#include "pushgateway.h"
#include "stages/drift/drift_finder.h"
#include "domain/manifests/manifest_loader.h"
#include "render_drift.h"

namespace synops::cli {

namespace {

// The PostgreSQL server's settings, when postgres.connection says where to read them.
Result<std::optional<std::vector<PgSetting>>> read_effective_settings(const Desired& desired) {
  if (!desired.postgres || !desired.postgres->connection) return std::nullopt;
  auto settings = read_pg_settings(*desired.postgres->connection);
  if (!settings) return std::unexpected(settings.error());
  return std::optional(std::move(*settings));
}

std::string render(const DriftReport& report, DriftFormat format, const DriftRun& run, const PlanOrigin& origin, bool no_color) {
  switch (format) {
    case DriftFormat::text: return render_drift_text(report, style_for_stdout(no_color));
    case DriftFormat::json: return render_drift_json(report, origin);
    case DriftFormat::prometheus: return render_drift_prometheus(report, run);
  }
  return {};
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The metrics of this run beside the report, from the same cluster read: a file for the
// textfile collector, a push to a Pushgateway. Both are tried; either failing is exit 6.
bool deliver_metrics(const DriftReport& report, DriftRun run, const DriftCommandOptions& options) {
  bool delivered = true;
  if (!options.metrics_out.empty()) {
    auto written = write_metrics_file(options.metrics_out, render_drift_prometheus(report, run));
    if (!written) print_diagnostics(written.error()), delivered = false;
  }
  if (!options.pushgateway.empty()) {
    run.deployment_in_grouping_key = true;
    auto pushed = push_to_pushgateway(options.pushgateway, run.deployment, render_drift_prometheus(report, run));
    if (!pushed) print_diagnostics(pushed.error()), delivered = false;
  }
  return delivered;
}

}  // namespace

int command_drift(const DriftCommandOptions& options, const CommonOptions& common) {
  const auto started = std::chrono::steady_clock::now();
  // 1. Load the desired state.
  auto desired = load_manifests(options.dir);
  if (!desired) return print_diagnostics(in_manifest_dir(desired.error(), options.dir)), kError;
  if (!common.ns.empty()) desired->ns.value = common.ns;
  // 2. Read what is live, and what PostgreSQL has in effect when a connection is configured.
  auto live = read_live_state(*desired, common);
  if (!live) return print_diagnostics(live.error()), kError;
  auto settings = read_effective_settings(*desired);
  if (!settings) return print_diagnostics(settings.error()), kError;
  // 3. Compare; the manifests' own safety problems are worth a warning, not a failure.
  auto report = find_drift(*desired, *live, *settings);
  if (!report) return print_diagnostics(in_manifest_dir(report.error(), options.dir)), kError;
  for (const auto& warning : report->warnings) std::cerr << "warning: the manifests break a safety rule: " << warning << '\n';
  for (const auto& note : report->notes) std::cerr << "note: " << note << '\n';
  // 4. Print and deliver the metrics (an error above delivers none: the last run's timestamp
  //    then ages, which is what alerts on a drift job that stopped working watch), then exit
  //    as the contract says.
  const DriftRun run{.deployment = desired->ns.value,
                     .finished_at = unix_now(),
                     .duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()};
  const PlanOrigin origin = origin_now(live_source(*desired, common, live_state_is_snapshot(*desired, common)));
  std::cout << render(*report, options.format, run, origin, common.no_color) << std::flush;
  if (!deliver_metrics(*report, run, options)) return kMetricsNotDelivered;
  return report->in_sync() ? kOk : kChangesPresent;
}

}  // namespace synops::cli
