#include "json_pointer.h"

namespace synops {

using Pointer = nlohmann::json::json_pointer;

std::string pointer_token(std::string_view key) { return pointer_join("", key).substr(1); }

std::string pointer_join(std::string_view pointer, std::string_view key) {
  return std::string(pointer) + (Pointer() / std::string(key)).to_string();
}

std::vector<std::string> pointer_tokens(const std::string& pointer) {
  Pointer rest(pointer);
  std::vector<std::string> tokens;
  for (; !rest.empty(); rest.pop_back()) tokens.push_back(rest.back());
  return {tokens.rbegin(), tokens.rend()};
}

nlohmann::json value_at(const nlohmann::json& document, const std::string& pointer) {
  const Pointer path(pointer);
  return document.contains(path) ? document.at(path) : nlohmann::json();
}

}  // namespace synops
