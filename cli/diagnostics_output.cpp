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

}  // namespace synops::cli
