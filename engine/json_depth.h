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

}  // namespace synops
