// A problem found by a stage, located in a manifest when it comes from one.
// Stages collect every problem they find and return them together.
#pragma once
#include <string>
#include <vector>

#include "source_position.h"

namespace synops {

struct Diagnostic {
  SourcePosition where;  // empty for problems with live objects or the environment
  std::string message;

  // "FILE:LINE:COL: error: message" when located, the bare sentence otherwise.
  std::string format() const;
};

using Diagnostics = std::vector<Diagnostic>;

// Orders diagnostics by file, line, column, then message, so output never depends on
// the order in which checks ran.
void sort_diagnostics(Diagnostics& diagnostics);

}  // namespace synops
