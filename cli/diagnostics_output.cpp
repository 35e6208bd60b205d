#include "diagnostics_output.h"

#include <iostream>

namespace synops::cli {

void print_diagnostics(const Diagnostics& diagnostics) {
  Diagnostics sorted = diagnostics;
  sort_diagnostics(sorted);
  for (const auto& diagnostic : sorted) {
    const std::string text = diagnostic.format();
    std::cerr << (diagnostic.where.known() ? text : "error: " + text) << '\n';
  }
}

void print_diagnostics(const Diagnostics& diagnostics, const Redactor& redactor) {
  Diagnostics redacted = diagnostics;
  for (auto& diagnostic : redacted) diagnostic.message = redactor.redact(diagnostic.message);
  print_diagnostics(redacted);
}

Diagnostics in_manifest_dir(Diagnostics diagnostics, const std::filesystem::path& dir) {
  for (auto& diagnostic : diagnostics) {
    const std::filesystem::path file = diagnostic.where.file;
    if (!diagnostic.where.known() || file.is_absolute()) continue;
    diagnostic.where.file = (dir / file).lexically_normal().string();
  }
  return diagnostics;
}

}  // namespace synops::cli
