// `synops resume`: continue the newest unfinished apply in the journal directory, from the
// journal and live state only; each remaining step's precondition is checked again.
#include "cluster_connection.h"
#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "run_location.h"
#include "providers/apply/apply_session.h"
#include "providers/apply/interrupt.h"

namespace synops::cli {

int command_resume(const ApplyCommandOptions& options, const CommonOptions& common) {
  auto run = locate_run(options.target, common);
  if (!run) return print_diagnostics(run.error()), kError;
  auto client = connect_cluster(common, run->manifests ? &*run->manifests : nullptr);
  if (!client) return print_diagnostics(client.error()), kError;
  auto setup = session_setup(options, run->journal_dir, run->ns);
  apply::install_interrupt_handlers();
  return report_session(apply::resume_apply(*client, setup));
}

}  // namespace synops::cli
