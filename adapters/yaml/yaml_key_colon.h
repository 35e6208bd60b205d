// Whether a plain key of a block mapping was written without its ':'. yaml-cpp 0.7 reads a
// plain scalar left at a key's indentation (`top2` on the last line of a file, or after a
// nested block) as a key whose value is null; YAML has no such key.
#pragma once
#include <cstddef>
#include <string>

#include "yaml_text.h"

namespace synops {

// The key is the plain scalar `text` that starts at the 0-based `line` and byte `column`. An
// implicit key is one line, so its text is its bytes; an explicit key (after `?`) needs no
// ':' and is never reported.
bool key_lacks_colon(const YamlText& yaml, std::size_t line, std::size_t column, const std::string& text);

}  // namespace synops
