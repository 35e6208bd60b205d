// Diagnostics as the user reads them, one formatted line each, for tests that compare a
// loader's whole report.
#pragma once
#include <string>

#include "engine/diagnostic.h"

namespace synops::testing {

inline std::string diagnostics_text(const Diagnostics& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += (out.empty() ? "" : "\n") + d.format();
  return out;
}

}  // namespace synops::testing
