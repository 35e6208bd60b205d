// Decides which values must never be shown: Secret data and any key that holds a
// password, token or key. Such values are rendered as "(sensitive)" everywhere.
#pragma once
#include <string_view>

namespace synops {

inline constexpr std::string_view kSensitiveMark = "(sensitive)";

// True when the last key of a path names a credential ("password", "redis-password",
// "access_key_id", "secret_access_key", "token", "macaroon_secret_key" ...).
bool is_sensitive_key(std::string_view key);

// True when any key along a JSON Pointer (and its embedded part) is sensitive.
bool is_sensitive_path(std::string_view pointer);

}  // namespace synops
