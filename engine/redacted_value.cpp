#include "redacted_value.h"

#include "hex.h"

#include <openssl/evp.h>

#include <array>

#include <fmt/format.h>

namespace synops {

namespace {

constexpr int kIterations = 100'000;
constexpr std::string_view kScheme = "pbkdf2-sha256:100000:";

std::string hex(const unsigned char* bytes, size_t size) { return hex_of(std::string_view(reinterpret_cast<const char*>(bytes), size)); }

bool unhex(std::string_view text, std::string& bytes) {
  if (text.size() % 2 != 0) return false;
  for (size_t i = 0; i < text.size(); i += 2) {
    unsigned value = 0;
    for (char c : text.substr(i, 2)) {
      const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (digit < 0) return false;
      value = value * 16 + static_cast<unsigned>(digit);
    }
    bytes.push_back(static_cast<char>(value));
  }
  return true;
}

std::string derived_key_hex(const nlohmann::json& value, std::string_view salt) {
  const std::string text = value.dump();
  std::array<unsigned char, 32> key{};
  PKCS5_PBKDF2_HMAC(text.data(), static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), kIterations, EVP_sha256(), key.size(), key.data());
  return hex(key.data(), key.size());
}

// 16 bytes of sha256(where): distinct for every place a value can sit.
std::string salt_for(std::string_view where) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(where.data(), where.size(), digest, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest), 16);
}

bool marker_matches(std::string_view marker, const nlohmann::json& value) {
  marker.remove_prefix(kRedactedPrefix.size());
  if (!marker.starts_with(kScheme)) return false;
  marker.remove_prefix(kScheme.size());
  const size_t colon = marker.find(':');
  std::string salt;
  if (colon == std::string_view::npos || !unhex(marker.substr(0, colon), salt)) return false;
  return derived_key_hex(value, salt) == marker.substr(colon + 1);
}

}  // namespace

std::string redacted_marker(const nlohmann::json& value, std::string_view where) {
  const std::string salt = salt_for(where);
  return std::string(kRedactedPrefix) + std::string(kScheme) +
         hex(reinterpret_cast<const unsigned char*>(salt.data()), salt.size()) + ":" + derived_key_hex(value, salt);
}

bool is_redacted_marker(const nlohmann::json& value) {
  return value.is_string() && value.get_ref<const std::string&>().starts_with(kRedactedPrefix);
}

bool same_value_unless_redacted(const nlohmann::json& live, const nlohmann::json& desired) {
  if (is_redacted_marker(live) && !is_redacted_marker(desired))
    return marker_matches(live.get_ref<const std::string&>(), desired);
  if (live.is_object() && desired.is_object()) {
    if (live.size() != desired.size()) return false;
    for (const auto& [key, value] : live.items())
      if (!desired.contains(key) || !same_value_unless_redacted(value, desired.at(key))) return false;
    return true;
  }
  if (live.is_array() && desired.is_array()) {
    if (live.size() != desired.size()) return false;
    for (size_t i = 0; i < live.size(); ++i)
      if (!same_value_unless_redacted(live[i], desired[i])) return false;
    return true;
  }
  return live == desired;
}

}  // namespace synops
