#include "yaml_tab_lines.h"

#include <algorithm>

#include "yaml_lines.h"

namespace synops {
using yaml_lines::line_at;

namespace {

bool only_blanks(std::string_view line) {
  return std::ranges::all_of(line, [](char c) { return c == ' ' || c == '\t'; });
}

}  // namespace

bool is_tab_blank_line(std::string_view line) { return line.starts_with('\t') && only_blanks(line); }

bool next_content_at_column_0(const YamlText& yaml, std::size_t line) {
  for (std::size_t next = line + 1; next < yaml.line_starts.size(); ++next) {
    const std::string_view text = line_at(yaml, next);
    if (!only_blanks(text)) return text.front() != ' ' && text.front() != '\t';
  }
  return true;
}

void blank_tab_lines(YamlText& yaml, const std::vector<std::size_t>& lines) {
  for (const std::size_t line : lines) {
    const std::size_t start = yaml.line_starts[line];
    for (std::size_t i = start; i < yaml.text.size() && yaml.text[i] != '\n'; ++i)
      if (yaml.text[i] == '\t') yaml.text[i] = ' ';
  }
}

std::string tab_blank_line_message() {
  return "a line of only blanks that starts with a tab is not supported here: leave the line empty";
}

}  // namespace synops
