#include "json_depth.h"

#include "json_scan.h"

namespace synops {

std::optional<size_t> json_too_deep_at(std::string_view text, size_t limit) {
  size_t depth = 0;
  std::optional<size_t> found;
  for_each_bracket(text, [&](size_t i, bool opens) {
    if (opens && ++depth > limit) found = i;
    else if (!opens && depth > 0) --depth;
    return !found;
  });
  return found;
}

std::optional<size_t> json_enclosing_open_at(std::string_view text, size_t offset, size_t level) {
  size_t depth = 0;
  std::optional<size_t> open;
  for_each_bracket(text, [&](size_t i, bool opens) {
    if (i > offset) return false;
    if (opens) {
      if (++depth == level) open = i;
    } else if (depth > 0 && depth-- == level && i < offset) {
      open.reset();
    }
    return true;
  });
  return depth >= level ? open : std::nullopt;
}

}  // namespace synops
