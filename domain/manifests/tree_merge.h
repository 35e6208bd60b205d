// Merging manifest files key by key, like Helm values files, except that nothing is
// overridden: mappings merge recursively, and any other value (scalar, sequence, null)
// set in two files is an error naming both places. The result does not depend on the
// order of the files: a merged mapping takes the earliest position of its parts (by file
// name, line, column), and a conflict is reported at the later of the two places.
#pragma once
#include "engine/diagnostic.h"
#include "adapters/yaml/located.h"

namespace synops {

// Merges `from` into `into`. Both roots must be mappings or null; the root keeps
// `into`'s position (the root file's).
void merge_tree(LocatedTree& into, const LocatedTree& from, Diagnostics& problems);

}  // namespace synops
