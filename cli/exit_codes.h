// Exit codes of the contract (shared/CONTRACT.md); scripts depend on them.
#pragma once

namespace synops::cli {

enum ExitCode : int {
  kOk = 0,
  kError = 1,
  kChangesPresent = 2,  // plan --detailed-exitcode, drift
  kRefused = 3,
  kRolledBack = 4,
  kRollbackIncomplete = 5,
  kMetricsNotDelivered = 6,  // drift: the report was printed, --metrics-out or --pushgateway failed
};

}  // namespace synops::cli
