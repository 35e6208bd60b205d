#include "tree_paths.h"

namespace synops {

std::string pointer_index(const std::string& parent, std::size_t index) {
  return parent + "/" + std::to_string(index);
}

std::string path_child(const std::string& parent, std::string_view key) {
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string path_index(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

std::string where_in(const std::string& path) {
  return path.empty() ? "at the top level" : "in " + path;
}

bool pointer_within(const std::string& pointer, const std::string& prefix) {
  if (!pointer.starts_with(prefix)) return false;
  return pointer.size() == prefix.size() || pointer[prefix.size()] == '/';
}

}  // namespace synops
