// `synops import`: desired-state manifests written from what is live, to bootstrap synops
// on an existing deployment. The result plans as "no changes" against the state it was
// imported from: every value synops would compare is read from the object it is compared
// with. Output is deterministic: the same live state gives the same bytes.
#pragma once
#include <string>
#include <vector>

#include "engine/live_state.h"
#include "engine/result.h"

namespace synops {

struct ImportOptions {
  std::string ns;        // empty: the namespace of the Synapse workloads
  std::string snapshot;  // written as live.snapshot (relative to the manifest directory); empty: none
  std::string source;    // what was read, for the header comment ("live/cluster.json")
};

struct ManifestFile {
  std::string path;  // relative to the manifest directory: "synops.yaml", "values/images.yaml" ...
  std::string text;
};

struct ImportResult {
  std::string ns;
  std::vector<ManifestFile> files;    // synops.yaml first, then the files it includes
  std::vector<std::string> warnings;  // what was guessed or left out, one sentence each
};

// Fails only when the namespace is neither given nor clear from the Synapse workloads.
Result<ImportResult> import_manifests(const LiveState& live, const ImportOptions& options);

}  // namespace synops
