#include "yaml_key_colon.h"

#include <algorithm>
#include <string_view>

namespace synops {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// The 0-based `line`, without its line break.
std::string_view line_at(const YamlText& yaml, std::size_t line) {
  const std::size_t start = yaml.line_starts[line];
  const std::size_t end = line + 1 < yaml.line_starts.size() ? yaml.line_starts[line + 1] - 1 : yaml.text.size();
  return std::string_view(yaml.text).substr(start, end - start);
}

// A line's content without a trailing comment and blanks ("? # c" -> "?"). A '#' inside a
// quoted scalar may be cut too: the line then cannot end in a lone '?', so at worst a key
// is not reported.
std::string_view without_comment(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '#' && (i == 0 || is_blank(text[i - 1]))) text = text.substr(0, i);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

bool ends_with_explicit_key_indicator(std::string_view text) {
  return text.ends_with('?') && (text.size() == 1 || is_blank(text[text.size() - 2]));
}

// Whether the text before the key, back to the previous line with content, ends with `?`.
bool after_explicit_key_indicator(const YamlText& yaml, std::size_t line, std::size_t column) {
  std::string_view before = without_comment(line_at(yaml, line).substr(0, column));
  while (before.empty() && line > 0) before = without_comment(line_at(yaml, --line));
  return ends_with_explicit_key_indicator(before);
}

}  // namespace

bool key_lacks_colon(const YamlText& yaml, std::size_t line, std::size_t column, const std::string& text) {
  if (text.empty() || line >= yaml.line_starts.size()) return false;
  const std::string_view rest = line_at(yaml, line).substr(std::min(column, line_at(yaml, line).size()));
  if (!rest.starts_with(text)) return false;  // not the key's bytes: say nothing
  std::size_t i = text.size();
  while (i < rest.size() && is_blank(rest[i])) ++i;
  if (i < rest.size() && rest[i] == ':') return false;
  return !after_explicit_key_indicator(yaml, line, column);
}

}  // namespace synops
