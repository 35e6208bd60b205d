#include "run_location.h"

#include "cluster_connection.h"
#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "domain/apply_kit/interrupt.h"
#include "domain/manifests/manifest_loader.h"

namespace synops::cli {

Result<RunLocation> locate_run(const std::string& dir, const CommonOptions& common) {
  RunLocation run;
  if (std::filesystem::exists(std::filesystem::path(dir) / "synops.yaml")) {
    auto desired = load_manifests(dir);
    if (!desired) return std::unexpected(desired.error());
    run.manifests = std::move(*desired);
  }
  run.journal_dir = common.journal.empty() ? std::filesystem::path(dir) / ".synops" / "journal" : std::filesystem::path(common.journal);
  run.ns = !common.ns.empty() ? common.ns : run.manifests ? run.manifests->ns.value : "";
  return run;
}

int continue_run(const ApplyCommandOptions& options, const CommonOptions& common, ContinueRun next) {
  auto run = locate_run(options.target, common);
  if (!run) return print_diagnostics(run.error()), kError;
  auto setup = session_setup(options, run->journal_dir, run->ns);
  auto client = connect_cluster(common, run->manifests ? &*run->manifests : nullptr, setup.redactor.get());
  if (!client) return print_diagnostics(client.error()), kError;
  apply::install_interrupt_handlers();
  return report_session(next(*client, setup), *setup.redactor);
}

}  // namespace synops::cli
