// A single pass over YAML text that measures flow collections (`[...]`, `{...}`) before
// yaml-cpp tokenises them: their nesting depth and their number of entries. It knows just
// enough YAML to skip quoted scalars, comments and block scalars (`|`, `>`). A block
// collection's depth is checked later, event by event, by the parser (yaml_tree.cpp).
#pragma once
#include <optional>
#include <string>

#include "yaml_text.h"

namespace synops {

// The first limit the flow collections of `yaml` exceed, at the bracket or comma that does.
std::optional<Diagnostic> scan_flow_collections(const YamlText& yaml, const std::string& file,
                                                const YamlLimits& limits);

}  // namespace synops
