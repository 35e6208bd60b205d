// Prints a stage's problems to stderr, one per line, and nothing else.
#pragma once
#include "engine/diagnostic.h"

namespace synops::cli {

void print_diagnostics(const Diagnostics& diagnostics);

}  // namespace synops::cli
