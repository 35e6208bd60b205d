// Live state from `kubectl get ... -o json` output: a v1 List, several Lists (or single
// objects) concatenated in one file, or a directory of such files (*.json, read in name
// order). Planning from a snapshot needs no cluster: that is how `plan` runs in CI.
//
// Objects keep what engine/live_state.h says LiveState keeps. A file is read a window at a
// time, cut into items and parsed item by item with simdjson on every core; bodies stay
// compact JSON until read (fast_reader.h), so memory follows the objects kept, not the
// file's size. Anything unusual (invalid JSON above all) is read again by the reference
// reader, nlohmann::json over the whole text, whose messages users see:
// "FILE:LINE:COL: not valid JSON: ...".
#pragma once
#include <filesystem>
#include <vector>

#include "engine/live_state.h"
#include "engine/result.h"

namespace synops {

Result<LiveState> read_snapshot(const std::filesystem::path& path);

// The files read_snapshot reads: `path` itself, or a directory's *.json files in name order
// (none when it holds none). The manifests check each against their directory's boundary.
std::vector<std::filesystem::path> snapshot_files(const std::filesystem::path& path);

// Adds the objects of one JSON text (the content of `source`) to `state`.
Diagnostics add_snapshot_text(std::string_view text, const std::string& source, LiveState& state);

// The same with the reference reader alone, never the fast one: the fuzzer
// (fuzz/fuzz_snapshot.cpp) checks that both readers agree on every text both accept.
Diagnostics add_snapshot_text_reference(std::string_view text, const std::string& source, LiveState& state);

// How many texts the fast reader left to the reference reader since the program started
// (invalid JSON, or a shape it does not handle): bench/check_snapshot_reader uses it to
// check that valid snapshots take the fast path.
size_t snapshot_reference_reads();

}  // namespace synops
