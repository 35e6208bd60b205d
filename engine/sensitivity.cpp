#include "sensitivity.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace synops {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

bool is_sensitive_key(std::string_view key) {
  // Paths to a credential file ("signing_key_path", "password_path") are not credentials.
  const std::string k = lower(key);
  if (k.ends_with("_path") || k.ends_with("_file")) return false;
  static constexpr std::array<std::string_view, 7> words = {
      "password", "passwd", "secret", "token", "_key", "key_id", "credential"};
  if (k == "key" || k == "pgpass" || k == "uri" || k.ends_with("-uri")) return true;
  return std::ranges::any_of(words, [&](std::string_view w) { return k.find(w) != std::string::npos; });
}

bool is_sensitive_path(std::string_view pointer) {
  size_t start = 0;
  while (start < pointer.size()) {
    size_t next = pointer.find_first_of("/#", start + 1);
    std::string_view token = pointer.substr(start + 1, next == std::string_view::npos ? std::string_view::npos
                                                                                       : next - start - 1);
    if (!token.empty() && is_sensitive_key(token)) return true;
    if (next == std::string_view::npos) break;
    start = next;
  }
  return false;
}

}  // namespace synops
