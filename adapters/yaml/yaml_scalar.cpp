#include "yaml_scalar.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>

namespace synops {
namespace {

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

using Resolved = std::expected<nlohmann::json, std::string>;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_of(std::string_view s, bool (*pred)(char)) {
  if (s.empty()) return false;
  for (char c : s)
    if (!pred(c)) return false;
  return true;
}

bool is_octal_digit(char c) { return c >= '0' && c <= '7'; }
bool is_hex_digit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::optional<bool> as_bool(std::string_view s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

std::string out_of_range(const std::string& text) {
  return "integer " + text + " is out of range (integers must fit in 64 bits; quote it to keep it as text)";
}

// Decimal with an optional sign, no leading zero unless `allow_leading_zero` (a plain
// `0777` is octal in YAML 1.1 and decimal in 1.2: kept as text, it cannot mislead).
std::optional<Resolved> as_decimal(const std::string& text, bool allow_leading_zero) {
  std::string_view digits = text;
  const bool negative = digits.starts_with('-');
  if (negative || digits.starts_with('+')) digits.remove_prefix(1);
  if (!all_of(digits, is_digit)) return std::nullopt;
  if (digits.size() > 1 && digits[0] == '0' && !allow_leading_zero) return std::nullopt;
  const std::string normalised = (negative ? "-" : "") + std::string(digits);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(normalised.data(), normalised.data() + normalised.size(), value);
  if (error != std::errc{} || end != normalised.data() + normalised.size()) return Resolved(std::unexpected(out_of_range(text)));
  return Resolved(nlohmann::json(value));
}

// 0o17 and 0x1F.
std::optional<Resolved> as_prefixed_integer(const std::string& text) {
  const bool octal = text.starts_with("0o"), hex = text.starts_with("0x");
  if (!octal && !hex) return std::nullopt;
  const std::string_view digits = std::string_view(text).substr(2);
  if (!all_of(digits, octal ? is_octal_digit : is_hex_digit)) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value, octal ? 8 : 16);
  if (error != std::errc{} || end != digits.data() + digits.size()) return Resolved(std::unexpected(out_of_range(text)));
  return Resolved(nlohmann::json(value));
}

// [-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool matches_core_float(std::string_view s) {
  std::size_t i = 0;
  const auto digits = [&] { std::size_t n = 0; while (i < s.size() && is_digit(s[i])) ++i, ++n; return n; };
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  const std::size_t integral = digits();
  std::size_t fraction = 0;
  if (i < s.size() && s[i] == '.') ++i, fraction = digits();
  if (integral == 0 && fraction == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (digits() == 0) return false;
  }
  return i == s.size();
}

bool is_special_float(std::string_view s) {
  if (s.starts_with('-') || s.starts_with('+')) s.remove_prefix(1);
  return s == ".inf" || s == ".Inf" || s == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN";
}

std::optional<Resolved> as_float(const std::string& text) {
  const std::string not_finite = text + " is not a finite number (quote it to keep it as text)";
  if (is_special_float(text)) return Resolved(std::unexpected(not_finite));
  if (!matches_core_float(text)) return std::nullopt;
  std::string_view s = text;
  if (s.starts_with('+')) s.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc{} || end != s.data() + s.size() || !std::isfinite(value))
    return Resolved(std::unexpected(not_finite));
  return Resolved(nlohmann::json(value));
}

Resolved resolve_plain(const std::string& text) {
  if (is_null_word(text)) return nullptr;
  if (auto b = as_bool(text)) return *b;
  if (auto i = as_decimal(text, false)) return *i;
  if (as_decimal(text, true)) return text;  // a leading zero: implicit octal in YAML 1.1
  if (auto i = as_prefixed_integer(text)) return *i;
  if (auto f = as_float(text)) return *f;
  return text;
}

Resolved not_a(const std::string& text, const std::string& tag) {
  return std::unexpected("\"" + text + "\" is not valid for tag " + tag_display_name(tag));
}

// A core tag forces the type it names; the text must still spell a value of that type.
Resolved resolve_tagged(const std::string& text, const std::string& tag) {
  const std::string_view name = std::string_view(tag).substr(kCoreTagPrefix.size());
  if (name == "str") return text;
  if (name == "null") return is_null_word(text) ? Resolved(nullptr) : not_a(text, tag);
  if (name == "bool") {
    if (auto b = as_bool(text)) return *b;
    return not_a(text, tag);
  }
  if (name == "int") {
    if (auto i = as_decimal(text, true)) return *i;
    if (auto i = as_prefixed_integer(text)) return *i;
    return not_a(text, tag);
  }
  if (name == "float") {
    if (auto i = as_decimal(text, true); i && i->has_value()) return nlohmann::json(static_cast<double>(i->value().get<std::int64_t>()));
    if (auto f = as_float(text)) return *f;
    return not_a(text, tag);
  }
  return std::unexpected("tag " + tag_display_name(tag) + " is not supported on a scalar (use !!str, !!int, !!float, !!bool or !!null)");
}

}  // namespace

bool is_null_word(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL";
}

std::string tag_display_name(const std::string& tag) {
  if (tag.starts_with(kCoreTagPrefix)) return "!!" + tag.substr(kCoreTagPrefix.size());
  return tag;
}

std::expected<nlohmann::json, std::string> resolve_scalar(const std::string& text, const std::string& tag) {
  if (tag == "?") return resolve_plain(text);
  if (tag == "!") return text;
  if (tag.starts_with(kCoreTagPrefix)) return resolve_tagged(text, tag);
  return std::unexpected("tag " + tag_display_name(tag) + " is not supported (use !!str, !!int, !!float, !!bool or !!null)");
}

}  // namespace synops
