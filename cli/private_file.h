// Files that may name live objects or hold Helm chart values (saved plans, snapshots): written
// with mode 0600 beside the target and renamed over it, so a crash never leaves half a file
// and the content is never readable by others, whatever the umask.
#pragma once
#include <sys/types.h>

#include <string>

#include "engine/result.h"

namespace synops::cli {

// `text` written to PATH.tmp with `mode` (whatever the umask), synced and renamed over `path`;
// never through a symlink. `what` names the file in errors: "the plan file", "the snapshot".
Result<bool> write_file_atomically(const std::string& path, const std::string& text, const std::string& what, mode_t mode);

// The same with mode 0600.
Result<bool> write_private_file(const std::string& path, const std::string& text, const std::string& what);

}  // namespace synops::cli
