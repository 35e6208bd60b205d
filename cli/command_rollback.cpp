// `synops rollback`: undo the newest unfinished apply in the journal directory, from its
// before-images; exit 0 when everything is restored and healthy, 1 otherwise.
#include "commands.h"
#include "exit_codes.h"
#include "run_location.h"

namespace synops::cli {

int command_rollback(const ApplyCommandOptions& options, const CommonOptions& common) {
  const int code = continue_run(options, common, &apply::rollback_apply);
  return code == kRolledBack ? kOk : kError;  // the contract: 0 restored, 1 anything else
}

}  // namespace synops::cli
