// Changes a few keys of a YAML document (homeserver.yaml inside a ConfigMap) by editing its
// text, so that everything synops does not own — comments, key order, quoting, blank lines,
// flow or block style — stays byte-for-byte as the operator wrote it. Re-emitting the whole
// document through a YAML library would lose all of that and make every plan diff noisy.
//
// The interface is one function. What it does, per edit, in order:
//   - existing key, scalar -> scalar: only the scalar's text changes; a trailing comment stays,
//     and a string keeps its old single or double quotes;
//   - existing key, a mapping or sequence on either side: the key's whole value block is
//     re-emitted in block style (children, and sequences as "- item", at key indent + 2, or at
//     the indentation of the old block when it held the same kind of collection); the key's
//     line and its comment stay; a one-line flow collection becomes a flow collection in place;
//   - missing key: `key: value` is appended at the end of the deepest existing mapping
//     (intermediate mappings are created), at that mapping's child indentation; inside a flow
//     mapping it goes before the closing brace; at the root it is appended to the file;
//   - no value: the key and its value block are deleted (a missing key is left alone);
//   - an edit whose key already holds exactly that value leaves the text untouched.
// Mapping keys are emitted in the order nlohmann::json iterates them (sorted); a caller that
// needs another order sends one edit per key. Strings are quoted only when a YAML 1.1 or 1.2
// reader (PyYAML in Synapse, yaml-cpp here) could read them as something else.
//
// It refuses, rather than guessing, when the document is not one mapping, when a path goes
// through a sequence, a scalar, an anchor, an alias, a tag or a flow collection spread over
// several lines, or when line endings are mixed. CRLF documents stay CRLF.
// Every edit is checked by parsing the result: the edited path must hold the new value and
// every other key must be unchanged, so a bug here becomes an error, never a corrupt ConfigMap.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/result.h"

namespace synops {

struct YamlEdit {
  std::vector<std::string> path;        // keys from the document root, e.g. {"database","args","cp_max"}
  std::optional<nlohmann::json> value;  // new value; std::nullopt removes the key
};

// Applies the edits in order and returns the new text. Only the lines of the edited keys change.
Result<std::string> edit_yaml_text(std::string_view text, const std::vector<YamlEdit>& edits);

}  // namespace synops
