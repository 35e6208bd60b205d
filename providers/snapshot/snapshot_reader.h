// Live state from `kubectl get ... -o json` output: a v1 List, several Lists (or single
// objects) concatenated in one file, or a directory of such files (*.json, read in name
// order). Planning from a snapshot needs no cluster: that is how `plan` runs in CI.
#pragma once
#include <filesystem>

#include "engine/live_state.h"
#include "engine/result.h"

namespace synops {

Result<LiveState> read_snapshot(const std::filesystem::path& path);

// Adds the objects of one JSON text (the content of `source`) to `state`.
Diagnostics add_snapshot_text(std::string_view text, const std::string& source, LiveState& state);

}  // namespace synops
