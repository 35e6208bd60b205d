// Builds the JSON tree of one YAML document from its events: the value, and the position,
// key position and text as written of every node (see LocatedTree). It resolves scalars
// (yaml_scalar.h), expands aliases, and reports duplicate keys, merge keys (<<), complex
// keys and unsupported tags.
//
// It knows nothing of yaml-cpp: yaml_tree.cpp records yaml-cpp's events as YamlEvents,
// checking the size limits as they arrive, and hands them here.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "engine/result.h"
#include "located.h"
#include "yaml_text.h"

namespace synops {

struct YamlEvent {
  enum class Type { null, scalar, alias, sequence_start, sequence_end, mapping_start, mapping_end };
  Type type = Type::null;
  std::size_t line = 0, column = 0;  // 0-based; the column counts bytes
  std::string tag;                   // "?" plain, "!" quoted or block, else an explicit tag
  std::size_t anchor = 0;            // 0: none
  std::string anchor_name;           // for messages about aliases
  std::string text;                  // a scalar's value
  bool flow = false;                 // a collection written in flow style ([...], {...})
};

// The events must be one complete document within the nesting and node limits; the
// builder checks `limits.max_path_bytes` itself, as it makes the paths.
Result<LocatedTree> build_yaml_tree(const std::vector<YamlEvent>& events, const YamlText& yaml,
                                    const std::string& file, const YamlLimits& limits);

}  // namespace synops
