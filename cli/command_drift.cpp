#include <chrono>
#include <iostream>

#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "live_source.h"
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

std::string render(const DriftReport& report, DriftFormat format, bool no_color) {
  switch (format) {
    case DriftFormat::text: return render_drift_text(report, style_for_stdout(no_color));
    case DriftFormat::json: return render_drift_json(report);
    case DriftFormat::prometheus: {
      const auto now = std::chrono::system_clock::now().time_since_epoch();
      return render_drift_prometheus(report, std::chrono::duration_cast<std::chrono::seconds>(now).count());
    }
  }
  return {};
}

}  // namespace

int command_drift(const DriftCommandOptions& options, const CommonOptions& common) {
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
  // 4. Print, then exit as the contract says.
  std::cout << render(*report, options.format, common.no_color) << std::flush;
  return report->in_sync() ? kOk : kChangesPresent;
}

}  // namespace synops::cli
