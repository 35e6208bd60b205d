#include "yaml_key_colon.h"

#include <algorithm>
#include <string_view>

#include "yaml_lines.h"

namespace synops {
using yaml_lines::content_of;
using yaml_lines::is_blank;
using yaml_lines::line_at;

namespace {

bool ends_with_explicit_key_indicator(std::string_view text) {
  return text.ends_with('?') && (text.size() == 1 || is_blank(text[text.size() - 2]));
}

// Whether the text before the key, back to the previous line with content, ends with `?`
// ("? # c" counts). A '#' inside a quoted scalar may be cut too: the line then cannot end in
// a lone '?', so at worst a key is not reported.
bool after_explicit_key_indicator(const YamlText& yaml, std::size_t line, std::size_t column) {
  std::string_view before = content_of(line_at(yaml, line).substr(0, column));
  while (before.empty() && line > 0) before = content_of(line_at(yaml, --line));
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
