// Prints a stage's problems to stderr, one per line, and nothing else.
#pragma once
#include "engine/diagnostic.h"
#include "engine/redactor.h"

namespace synops::cli {

void print_diagnostics(const Diagnostics& diagnostics);
// apply, resume and rollback: each message redacted first (an API error may quote a secret).
void print_diagnostics(const Diagnostics& diagnostics, const Redactor& redactor);

}  // namespace synops::cli
