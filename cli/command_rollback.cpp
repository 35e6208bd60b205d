// `synops rollback`: undo the newest unfinished apply in the journal directory, from its
// before-images; exit 0 when everything is restored and healthy, 1 otherwise.
#include "cluster_connection.h"
#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "providers/apply/apply_session.h"
#include "providers/apply/interrupt.h"

namespace synops::cli {

int command_rollback(const ApplyCommandOptions& options, const CommonOptions& common) {
  auto client = connect_cluster(common, nullptr);
  if (!client) return print_diagnostics(client.error()), kError;
  const std::string journal = common.journal.empty() ? ".synops/journal" : common.journal;
  auto setup = session_setup(options, journal, common.ns);
  apply::install_interrupt_handlers();
  const int code = report_session(apply::rollback_apply(*client, setup));
  return code == kRolledBack ? kOk : kError;  // the contract: 0 restored, 1 anything else
}

}  // namespace synops::cli
