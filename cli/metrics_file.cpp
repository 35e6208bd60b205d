#include "metrics_file.h"

#include "private_file.h"

namespace synops::cli {

Result<bool> write_metrics_file(const std::string& path, const std::string& text) {
  // PATH.tmp, not named *.prom: the textfile collector must not pick up the temporary. 0644:
  // the collector runs as another user.
  return write_file_atomically(path, text, "the metrics file", 0644);
}

}  // namespace synops::cli
