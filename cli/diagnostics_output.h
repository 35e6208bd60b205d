// Prints a stage's problems to stderr, one per line, and nothing else.
#pragma once
#include <filesystem>

#include "engine/diagnostic.h"
#include "engine/redactor.h"

namespace synops::cli {

void print_diagnostics(const Diagnostics& diagnostics);
// apply, resume and rollback: each message redacted first (an API error may quote a secret).
void print_diagnostics(const Diagnostics& diagnostics, const Redactor& redactor);

// Manifest positions are kept relative to the manifest directory (plans and their files do not
// depend on where synops ran); printed, they are relative to where the user typed the command,
// with the directory as typed in front ("examples/matrix/postgres.yaml:10:34"), so that editors
// and CI problem matchers open the file. Positions outside the manifests (a snapshot named on the
// command line) are left alone: only call this on problems found in `dir`'s manifests.
Diagnostics in_manifest_dir(Diagnostics diagnostics, const std::filesystem::path& dir);

}  // namespace synops::cli
