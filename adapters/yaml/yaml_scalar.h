// How the text of a YAML scalar becomes a JSON value.
//
// Plain (unquoted) scalars resolve like the YAML 1.2 core schema, with one exception:
//   null, Null, NULL, ~ and ""      -> null
//   true/True/TRUE, false/...       -> boolean   (yes, no, on, off, y, n stay strings)
//   123, -5, +7, 0o17, 0x1F         -> integer   (0777 stays a string: no implicit octal)
//   1.5, .5, 1e3, -2.5E-3           -> number
//   anything else                   -> string
// Quoted and block scalars are strings. The tags !!str, !!int, !!float, !!bool and !!null
// force a type; any other tag is refused. Integers must fit in 64 bits and numbers must be
// finite (.inf and .nan have no JSON form): otherwise the scalar is refused, never rounded.
#pragma once
#include <expected>
#include <string>

#include <nlohmann/json.hpp>

namespace synops {

// The value of a scalar with yaml-cpp's tag ("?" plain, "!" quoted or block, else explicit),
// or the sentence that says why it has none.
std::expected<nlohmann::json, std::string> resolve_scalar(const std::string& text, const std::string& tag);

// "!!str" for "tag:yaml.org,2002:str"; other tags as written.
std::string tag_display_name(const std::string& tag);

// Whether `text` is one of the plain spellings of null.
bool is_null_word(std::string_view text);

}  // namespace synops
