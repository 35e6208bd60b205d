// Reading the fields of a stored object that a client may have left out or mistyped.
#pragma once
#include <nlohmann/json.hpp>

namespace kube_test {

// object[key] when it is an integer, else `fallback` (also when `object` is not an object).
inline long integer_field(const nlohmann::json& object, const char* key, long fallback) {
  return object.is_object() && object.contains(key) && object[key].is_number_integer() ? object[key].get<long>() : fallback;
}

}  // namespace kube_test
