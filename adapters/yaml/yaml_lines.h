// What the line scanners of YAML text (the flow scan, the key and property checks, the tab
// lines, the block scalar lines) ask of one line: its blanks, its indentation and its
// content without a comment. One definition, so that all of them read a line alike.
#pragma once
#include <cstddef>
#include <string_view>

#include "yaml_text.h"

namespace synops::yaml_lines {

// YAML's white space inside a line: a space or a tab.
inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

// The number of leading spaces: YAML indents with spaces only.
inline std::size_t indentation(std::string_view text) {
  std::size_t n = 0;
  while (n < text.size() && text[n] == ' ') ++n;
  return n;
}

inline std::string_view without_blanks(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// A line's content without its comment (a `#` at the start or after a blank) and surrounding
// blanks. A '#' inside a quoted scalar is cut too: callers only look for indicators that a
// quoted scalar cannot end in.
inline std::string_view content_of(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '#' && (i == 0 || is_blank(text[i - 1]))) return without_blanks(text.substr(0, i));
  return without_blanks(text);
}

// The 0-based `line`, without its line break.
inline std::string_view line_at(const YamlText& yaml, std::size_t line) {
  const std::size_t start = yaml.line_starts[line];
  const std::size_t end = line + 1 < yaml.line_starts.size() ? yaml.line_starts[line + 1] - 1 : yaml.text.size();
  return std::string_view(yaml.text).substr(start, end - start);
}

}  // namespace synops::yaml_lines
