// Loading a manifest directory into the typed desired state.
//
//   1. read synops.yaml and the files it includes (manifest_files.h); syntax, limit and
//      include problems stop the load here, since checking values of a half-read
//      directory would only add noise;
//   2. merge the files key by key (tree_merge.h): a non-mapping value set twice is an error;
//   3. type the merged tree into Desired, section by section (sections.h), checking every
//      key and value.
// Every problem of steps 2 and 3 is reported at once, sorted by file, line and column.
// See docs/manifests.md for the format and schemas/ for each file's JSON Schema.
#pragma once
#include <filesystem>

#include "desired.h"
#include "engine/result.h"
#include "adapters/yaml/yaml_text.h"

namespace synops {

Result<Desired> load_manifests(const std::filesystem::path& dir, const YamlLimits& limits = {});

}  // namespace synops
