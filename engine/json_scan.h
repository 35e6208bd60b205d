// A string-aware bracket scan over JSON text, 64 bytes at a time, without parsing it: the one
// scanner behind the snapshot reader's cutting of a List into items (container_end,
// value_end) and the depth checks of json_depth.h (for_each_bracket). It checks nothing:
// whatever it cuts is then given to a real parser, which rejects a malformed piece. It reads
// no byte at or past `size`.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace synops {

inline constexpr size_t kNoEnd = static_cast<size_t>(-1);

// One past the bracket that closes the object or array opening at data[start], or kNoEnd.
size_t container_end(const char* data, size_t size, size_t start);

// One past the end of the value starting at data[start] (object, array, string or scalar),
// or kNoEnd when the text ends first.
size_t value_end(const char* data, size_t size, size_t start);

// Calls `visit(offset, opens)` for every bracket outside strings, in order (`opens`: '[' or
// '{'), until it returns false.
void for_each_bracket(std::string_view text, const std::function<bool(size_t offset, bool opens)>& visit);

// JSON whitespace: space, tab, line feed, carriage return.
inline bool is_json_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace synops
