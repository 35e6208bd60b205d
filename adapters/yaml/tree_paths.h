// Names for places in a manifest tree: JSON Pointers (RFC 6901) for machines, and
// dotted paths (`synapse.workers.synchrotron`, `minio.pools[0].size`) for people.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace synops {

// "/a" + 2 -> "/a/2"; a key is added with pointer_join (engine/json_pointer.h).
std::string pointer_index(const std::string& parent, std::size_t index);

// "synapse.workers" + "x" -> "synapse.workers.x"; "" + "x" -> "x".
std::string path_child(const std::string& parent, std::string_view key);
// "minio.pools" + 0 -> "minio.pools[0]".
std::string path_index(const std::string& parent, std::size_t index);

// "in synapse.main", or "at the top level" for the root.
std::string where_in(const std::string& path);

// Whether `pointer` is `prefix` or lies below it.
bool pointer_within(const std::string& pointer, const std::string& prefix);

}  // namespace synops
