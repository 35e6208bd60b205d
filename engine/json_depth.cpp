#include "json_depth.h"

namespace synops {

namespace {

// Calls `visit(offset, bracket)` for every bracket outside strings, in order, until it
// returns false.
template <typename Visit>
void for_each_bracket(std::string_view text, Visit visit) {
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if ((c == '[' || c == '{' || c == ']' || c == '}') && !visit(i, c)) return;
  }
}

bool opens(char bracket) { return bracket == '[' || bracket == '{'; }

}  // namespace

std::optional<size_t> json_too_deep_at(std::string_view text, size_t limit) {
  size_t depth = 0;
  std::optional<size_t> found;
  for_each_bracket(text, [&](size_t i, char bracket) {
    if (opens(bracket) && ++depth > limit) found = i;
    else if (!opens(bracket) && depth > 0) --depth;
    return !found;
  });
  return found;
}

std::optional<size_t> json_enclosing_open_at(std::string_view text, size_t offset, size_t level) {
  size_t depth = 0;
  std::optional<size_t> open;
  for_each_bracket(text, [&](size_t i, char bracket) {
    if (i > offset) return false;
    if (opens(bracket)) {
      if (++depth == level) open = i;
    } else if (depth > 0 && depth-- == level && i < offset) {
      open.reset();
    }
    return true;
  });
  return depth >= level ? open : std::nullopt;
}

}  // namespace synops
