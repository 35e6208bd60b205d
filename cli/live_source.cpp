#include "live_source.h"

#include <filesystem>

#include "providers/snapshot/snapshot_reader.h"

namespace synops::cli {

Result<LiveState> read_live_state(const Desired& desired, const CommonOptions& common) {
  if (!common.live.empty()) return read_snapshot(common.live);
  if (desired.live.snapshot) {
    // A snapshot named in synops.yaml is relative to the manifest directory.
    std::filesystem::path path = desired.live.snapshot->value;
    if (path.is_relative()) path = std::filesystem::path(desired.root_dir) / path;
    return read_snapshot(path);
  }
  return fail(
      "no live state to compare with: this synops plans from snapshots (kubectl get -o json); "
      "pass --live FILE or set live.snapshot in synops.yaml");
}

}  // namespace synops::cli
