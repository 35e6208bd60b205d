// Ctrl-C and SIGTERM during an apply: the handler only raises a flag; the executor checks it
// between writes, so the write in flight finishes and is journalled before the run stops.
// A second signal exits at once with 128 + its number (130, 143).
#pragma once

namespace synops::apply {

// Installs handlers for SIGINT and SIGTERM that set the flag (idempotent).
void install_interrupt_handlers();
bool interrupted();
void reset_interrupted();  // for tests

}  // namespace synops::apply
