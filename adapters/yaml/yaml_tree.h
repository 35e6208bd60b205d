// YAML text -> JSON, with the position of every node. Manifests, every homeserver.yaml synops
// parses (plan, apply, drift, import, snapshot redaction) and kubeconfig files go through
// parse_yaml_tree. Among the sources, two other files include yaml-cpp: kubeconfig.cpp loads a
// kubeconfig with YAML::Load after this check, and yaml_text_edit.cpp locates the keys it edits.
//
// What it guarantees, whatever the input (every failure is a Diagnostic at FILE:LINE:COL):
//   - limits: file size (checked before parsing), nesting depth, number of nodes with
//     aliases expanded (a "billion laughs" stops at the limit, before it is copied out), and
//     the total length of the nodes' paths (yaml_text.h);
//   - text: UTF-8 only, no NUL or control characters; a leading BOM, CRLF and CR are accepted;
//   - scalars: resolved as in yaml_scalar.h (YAML 1.2 core, no yes/no, no implicit octal),
//     and each keeps its text as written in LocatedTree::raw;
//   - structure: duplicate keys in a mapping, merge keys (<<), complex (non-scalar) keys,
//     unknown tags and a second non-empty document are errors;
//   - syntax: what yaml-cpp 0.7 accepts but YAML does not is refused where a narrow check
//     can tell (yaml_flow_scan.h, yaml_key_colon.h); the YAML test suite's invalid cases that
//     remain accepted are listed in tests/adapters/yaml/yaml_test_suite_test.cpp;
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
