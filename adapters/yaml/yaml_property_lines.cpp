#include "yaml_property_lines.h"

#include "yaml_lines.h"

namespace synops {
using yaml_lines::content_of;
using yaml_lines::indentation;
using yaml_lines::is_blank;
using yaml_lines::without_blanks;

namespace {

// `&a`, `!t`, `&a !t`...: blank-separated words that each start with `&` or `!`. A quote in a
// word means the line is text after all.
bool only_properties(std::string_view text) {
  if (text.empty()) return false;
  bool at_word_start = true;
  for (const char c : text) {
    if (c == '"' || c == '\'') return false;
    if (at_word_start && !is_blank(c) && c != '&' && c != '!') return false;
    at_word_start = is_blank(c);
  }
  return true;
}

// `key:` or `key: &a`: a block mapping key whose value starts on a later line. Its key ends at
// the last ": ", which properties cannot hold.
bool opens_value_below(std::string_view content) {
  if (content.ends_with(':')) return true;
  const std::size_t colon = content.rfind(": ");
  return colon != std::string_view::npos && only_properties(without_blanks(content.substr(colon + 2)));
}

}  // namespace

bool PropertyLines::misindented(std::size_t line, std::string_view text) {
  const bool follows = previous_line_ && *previous_line_ + 1 == line;
  previous_line_ = line;
  if (!follows) key_indent_.reset();
  const std::string_view content = content_of(text);
  if (content.empty()) return false;  // blank and comment lines keep the key line above them
  const std::size_t indent = indentation(text);
  const bool wrong = key_indent_ && only_properties(content) && indent <= *key_indent_;
  key_indent_ = opens_value_below(content) ? std::optional(indent) : std::nullopt;
  return wrong;
}

std::string misindented_properties_message() {
  return "invalid YAML: an anchor or tag on its own line must be indented more than its key";
}

}  // namespace synops
