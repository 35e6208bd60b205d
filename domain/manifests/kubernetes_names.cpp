#include "kubernetes_names.h"

#include <array>

namespace synops {
namespace {

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Labels of a subdomain may be 253 long in total; each label alone is checked for shape.
bool is_label_shape(std::string_view label) {
  if (label.empty() || !is_lower_alnum(label.front()) || !is_lower_alnum(label.back())) return false;
  for (char c : label)
    if (!is_lower_alnum(c) && c != '-') return false;
  return true;
}

std::size_t skip_digits(std::string_view s, std::size_t i) {
  while (i < s.size() && is_digit(s[i])) ++i;
  return i;
}

}  // namespace

bool is_dns1123_label(std::string_view name) { return name.size() <= 63 && is_label_shape(name); }

bool is_dns1123_subdomain(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = name.find('.', start);
    if (!is_label_shape(name.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

// <digits>[.<digits>] then a binary (Ki..Ei), decimal (n u m k M G T P E) or exponent
// (e<int>) suffix, as in k8s.io/apimachinery resource.Quantity.
bool is_config_map_key(std::string_view key) {
  if (key.empty() || key.size() > 253) return false;
  for (char c : key)
    if (!is_lower_alnum(c) && !(c >= 'A' && c <= 'Z') && c != '-' && c != '_' && c != '.') return false;
  return true;
}

bool is_quantity(std::string_view s) {
  std::size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
  const std::size_t integral_end = skip_digits(s, i);
  std::size_t end = integral_end;
  if (end < s.size() && s[end] == '.') end = skip_digits(s, end + 1);
  if (end == i || (end == i + 1 && s[i] == '.')) return false;
  const std::string_view suffix = s.substr(end);
  static constexpr std::array<std::string_view, 16> suffixes = {
      "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei", "n", "u", "m", "k", "M", "G", "T", "P", "E"};
  for (std::string_view known : suffixes)
    if (suffix == known) return true;
  if (suffix.size() < 2 || (suffix[0] != 'e' && suffix[0] != 'E')) return false;
  std::size_t j = (suffix[1] == '+' || suffix[1] == '-') ? 2 : 1;
  return j < suffix.size() && skip_digits(suffix, j) == suffix.size();
}

}  // namespace synops
