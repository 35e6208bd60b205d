// JSON Pointers (RFC 6901) as synops writes and reads them. nlohmann::json::json_pointer does
// the escaping ("~" is "~0", "/" is "~1"); these are the few shapes the rest of synops needs.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace synops {

// One reference token, escaped: "a/b" -> "a~1b".
std::string pointer_token(std::string_view key);

// `pointer` with one more token: "/data" + "homeserver.yaml" -> "/data/homeserver.yaml".
std::string pointer_join(std::string_view pointer, std::string_view key);

// The tokens of a pointer, unescaped: "/a~1b/c" -> {"a/b", "c"}. Throws
// nlohmann::json::parse_error when `pointer` is not a JSON Pointer.
std::vector<std::string> pointer_tokens(const std::string& pointer);

// The value at `pointer`, or null when any part of the path is absent. Throws
// nlohmann::json::parse_error when `pointer` is not a JSON Pointer.
nlohmann::json value_at(const nlohmann::json& document, const std::string& pointer);

}  // namespace synops
