// The files of a manifest directory: synops.yaml and, depth first, every file it includes
// (`include: [values/images.yaml, topology.yaml, ...]`, paths relative to the directory;
// included files may include more). Each file is size-checked before it is read, then
// parsed with parse_yaml_tree.
//
// Include problems are errors at the include entry: a missing file or an include loop
// names the chain of includes; a file included twice names the other include; a path that
// is absolute or leads outside the directory, through ".." or a symlink, is refused (a plan
// in a pull request must not read files outside the manifests: manifest_boundary.h). So is a
// synops.yaml that is a symlink to a file outside.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "engine/result.h"
#include "adapters/yaml/located.h"
#include "adapters/yaml/yaml_text.h"

namespace synops {

struct ManifestDocument {
  std::string name;  // relative to the manifest directory, with "/": "values/images.yaml"
  LocatedTree tree;  // the file's mapping, without its `include` key
};

// Every file, synops.yaml first; all problems of all files at once.
Result<std::vector<ManifestDocument>> read_manifest_files(const std::filesystem::path& dir,
                                                      const YamlLimits& limits = {});

}  // namespace synops
