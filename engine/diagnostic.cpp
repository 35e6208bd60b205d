#include "diagnostic.h"

#include <algorithm>
#include <tuple>

namespace synops {

std::string SourcePosition::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

std::string Diagnostic::format() const {
  if (!where.known()) return message;
  return where.str() + ": error: " + message;
}

void sort_diagnostics(Diagnostics& diagnostics) {
  std::ranges::stable_sort(diagnostics, [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.where, a.message) < std::tie(b.where, b.message);
  });
}

}  // namespace synops
