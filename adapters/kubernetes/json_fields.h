// Tolerant reads of API objects: a field of the wrong type reads as absent instead of
// throwing (nlohmann's value() throws on a type mismatch, and API objects are input).
#pragma once
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace synops::kube {

// The value at a path of object keys, or null when any step is missing or not an object.
const nlohmann::json& field(const nlohmann::json& object, std::initializer_list<const char*> path);

std::string text_at(const nlohmann::json& object, std::initializer_list<const char*> path);
std::optional<int64_t> int_at(const nlohmann::json& object, std::initializer_list<const char*> path);

// The entry of a `conditions` list with this type, or null.
const nlohmann::json& condition(const nlohmann::json& conditions, const std::string& type);

}  // namespace synops::kube
