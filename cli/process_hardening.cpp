#include "process_hardening.h"

#include <sys/prctl.h>
#include <sys/resource.h>

namespace synops::cli {

void harden_process() {
  const rlimit no_core{0, 0};
  (void)::setrlimit(RLIMIT_CORE, &no_core);
  (void)::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

}  // namespace synops::cli
