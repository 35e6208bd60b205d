// YAML text -> JSON, with the position of every node: the one reader of YAML in synops
// besides the Synapse provider's writer. Manifests and the live homeserver.yaml go through
// parse_yaml_tree; nothing else includes yaml-cpp for reading.
//
// What it guarantees, whatever the input (every failure is a Diagnostic at FILE:LINE:COL):
//   - limits: file size (checked before parsing), nesting depth, and number of nodes with
//     aliases expanded (a "billion laughs" stops at the limit, before it is copied out);
//   - text: UTF-8 only, no NUL or control characters; a leading BOM and CRLF are accepted;
//   - scalars: resolved as in yaml_scalar.h (YAML 1.2 core, no yes/no, no implicit octal),
//     and each keeps its text as written in LocatedTree::raw;
//   - structure: duplicate keys in a mapping, merge keys (<<), complex (non-scalar) keys,
//     unknown tags and a second non-empty document are errors;
//   - yaml-cpp exceptions never leave this file.
// The root of an empty document (no content, or only comments) is null.
#pragma once
#include <string>
#include <string_view>

#include "engine/result.h"
#include "located.h"
#include "yaml_text.h"

namespace synops {

Result<LocatedTree> parse_yaml_tree(std::string_view text, const std::string& file,
                                    const YamlLimits& limits = {});

}  // namespace synops
