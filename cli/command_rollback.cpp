// `synops rollback`: undo the newest unfinished apply in the journal directory, from its
// before-images; exit 0 when everything is restored and healthy, 1 otherwise.
#include "cluster_connection.h"
#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "run_location.h"
#include "providers/apply/apply_session.h"
#include "providers/apply/interrupt.h"

namespace synops::cli {

int command_rollback(const ApplyCommandOptions& options, const CommonOptions& common) {
  auto run = locate_run(options.target, common);
  if (!run) return print_diagnostics(run.error()), kError;
  auto client = connect_cluster(common, run->manifests ? &*run->manifests : nullptr);
  if (!client) return print_diagnostics(client.error()), kError;
  auto setup = session_setup(options, run->journal_dir, run->ns);
  apply::install_interrupt_handlers();
  const int code = report_session(apply::rollback_apply(*client, setup));
  return code == kRolledBack ? kOk : kError;  // the contract: 0 restored, 1 anything else
}

}  // namespace synops::cli
