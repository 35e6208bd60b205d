// Where a JSON value ends, without parsing it: a string-aware bracket count over the bytes,
// 64 at a time. The snapshot reader uses it to cut a `kubectl get -o json` List into its
// items, so that each item is parsed (and validated) on its own and a large snapshot never
// needs a parse tree of the whole file. It checks nothing: whatever it cuts is then given to
// a real parser, which rejects a malformed piece.
#pragma once
#include <cstddef>

namespace synops::snapshot {

// Bytes the functions below may read past `size` (the buffer must hold them).
inline constexpr size_t kScanPadding = 64;

inline constexpr size_t kNoEnd = static_cast<size_t>(-1);

// One past the bracket that closes the object or array opening at data[start], or kNoEnd.
size_t container_end(const char* data, size_t size, size_t start);

// One past the end of the value starting at data[start] (object, array, string or scalar),
// or kNoEnd when the text ends first.
size_t value_end(const char* data, size_t size, size_t start);

// JSON whitespace: space, tab, line feed, carriage return.
inline bool is_json_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace synops::snapshot
