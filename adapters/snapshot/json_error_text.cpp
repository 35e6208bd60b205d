#include "json_error_text.h"

#include <algorithm>
#include <array>

namespace synops {
namespace {

// The names nlohmann gives tokens in "; expected NAME". The text after "; expected " is kept
// only when it is one of them: bytes of the file that happen to read "'; expected " cannot
// pass for a token name.
constexpr std::array<std::string_view, 15> kTokenNames = {
    "true literal", "false literal", "null literal", "string literal", "number literal", "'['", "'{'", "']'", "'}'",
    "':'",          "','",           "end of input", "'[', '{', or a literal", "<parse error>", "<uninitialized>"};

}  // namespace

std::string parse_error_without_excerpt(std::string_view explanation) {
  constexpr std::string_view kLastRead = "; last read: '";
  constexpr std::string_view kExpected = "'; expected ";
  const auto cut = explanation.find(kLastRead);
  if (cut == std::string_view::npos) return std::string(explanation);  // "unexpected TOKEN": no bytes
  std::string out(explanation.substr(0, cut));
  const auto tail = explanation.rfind(kExpected);
  if (tail == std::string_view::npos || tail < cut + kLastRead.size()) return out;
  const std::string_view name = explanation.substr(tail + kExpected.size());
  if (std::ranges::find(kTokenNames, name) != kTokenNames.end()) out += "; expected " + std::string(name);
  return out;
}

std::string json_error_without_excerpt(std::string_view explanation) {
  std::string_view out = explanation.substr(0, explanation.find('\''));
  while (out.ends_with(' ')) out.remove_suffix(1);
  if (out.ends_with(" parsing")) out.remove_suffix(std::string_view(" parsing").size());
  return std::string(out);
}

}  // namespace synops
