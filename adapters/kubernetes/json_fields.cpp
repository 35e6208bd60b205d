#include "json_fields.h"

namespace synops::kube {

namespace {
const nlohmann::json kNull;
}

const nlohmann::json& field(const nlohmann::json& object, std::initializer_list<const char*> path) {
  const nlohmann::json* at = &object;
  for (const char* key : path) {
    if (!at->is_object()) return kNull;
    const auto found = at->find(key);
    if (found == at->end()) return kNull;
    at = &*found;
  }
  return *at;
}

std::string text_at(const nlohmann::json& object, std::initializer_list<const char*> path) {
  const auto& value = field(object, path);
  return value.is_string() ? value.get<std::string>() : std::string();
}

std::optional<int64_t> int_at(const nlohmann::json& object, std::initializer_list<const char*> path) {
  const auto& value = field(object, path);
  if (!value.is_number_integer()) return std::nullopt;
  return value.get<int64_t>();
}

const nlohmann::json& condition(const nlohmann::json& conditions, const std::string& type) {
  if (!conditions.is_array()) return kNull;
  for (const auto& entry : conditions)
    if (entry.is_object() && text_at(entry, {"type"}) == type) return entry;
  return kNull;
}

}  // namespace synops::kube
