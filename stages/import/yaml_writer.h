// Writes manifests as a person would: block mappings, with a mapping or sequence of plain
// values kept on one line ("main: {kind: StatefulSet, name: synapse-main}") when it fits.
// Strings are quoted whenever YAML, or an older YAML 1.1 reader, could take them for
// anything else ("500", "on", "1.10", "") or when they hold YAML's indicators.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace synops {

// `document` is a mapping; keys keep their insertion order. The result ends in a newline.
std::string to_yaml(const nlohmann::ordered_json& document);

// A scalar as YAML text: plain when unambiguous, else double-quoted with JSON escapes
// (valid YAML). `in_flow` also quotes the flow indicators , [ ] { }.
std::string yaml_scalar(const nlohmann::ordered_json& value, bool in_flow);

}  // namespace synops
