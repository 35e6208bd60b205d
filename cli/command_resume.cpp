// `synops resume`: continue the newest unfinished apply in the journal directory, from the
// journal and live state only; each remaining step's precondition is checked again.
#include "commands.h"
#include "run_location.h"

namespace synops::cli {

int command_resume(const ApplyCommandOptions& options, const CommonOptions& common) {
  return continue_run(options, common, &apply::resume_apply);
}

}  // namespace synops::cli
