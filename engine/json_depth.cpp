#include "json_depth.h"

namespace synops {

std::optional<size_t> json_too_deep_at(std::string_view text, size_t limit) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > limit) return i;
    } else if ((c == ']' || c == '}') && depth > 0) --depth;
  }
  return std::nullopt;
}

std::optional<size_t> json_enclosing_open_at(std::string_view text, size_t offset, size_t level) {
  size_t depth = 0;
  std::optional<size_t> open;
  bool in_string = false;
  for (size_t i = 0; i < text.size() && i <= offset; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth == level) open = i;
    } else if ((c == ']' || c == '}') && depth > 0) {
      if (depth-- == level && i < offset) open.reset();
    }
  }
  return depth >= level ? open : std::nullopt;
}

}  // namespace synops
