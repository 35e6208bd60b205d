// How deep JSON from outside (a snapshot, an API response, a plan file, a journal) may nest.
// nlohmann::json copies and destroys values recursively, so a document nested a few hundred
// thousand levels deep would exhaust the stack; no Kubernetes object comes near the limit.
#pragma once
#include <cstddef>
#include <optional>
#include <string_view>

namespace synops {

inline constexpr size_t kMaxJsonDepth = 1000;  // simdjson's default is 1024

// The byte offset where `text` first nests deeper than `limit` arrays and objects, or nullopt.
// Brackets inside strings do not count. Invalid JSON is not diagnosed here.
std::optional<size_t> json_too_deep_at(std::string_view text, size_t limit = kMaxJsonDepth);

// The offset of the bracket that opens the array or object at nesting level `level` (1: the
// outermost) that holds `offset`, or nullopt: in a LIST page, level 3 is the item the offset
// lies in, so an error can name the object rather than the page.
std::optional<size_t> json_enclosing_open_at(std::string_view text, size_t offset, size_t level);

}  // namespace synops
