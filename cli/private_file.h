// Files that may name live objects or hold Helm chart values (saved plans, snapshots): written
// with mode 0600 beside the target and renamed over it, so a crash never leaves half a file
// and the content is never readable by others, whatever the umask.
#pragma once
#include <string>

#include "engine/result.h"

namespace synops::cli {

// `what` names the file in errors: "the plan file", "the snapshot".
Result<bool> write_private_file(const std::string& path, const std::string& text, const std::string& what);

}  // namespace synops::cli
