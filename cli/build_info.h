// What this synops is: its release, the commit it was built from and the compiler, for
// --version and for bug reports. The release and commit live in a .cpp generated at build
// time (cli/version/), so a new commit recompiles one file, not every user of this header.
#pragma once
#include <string>
#include <string_view>

namespace synops::cli {

std::string_view release_version();  // "0.4.0": the README changelog's top entry
std::string_view build_commit();     // "74c19a0", "74c19a0-dirty", or "unknown" outside git

// "synops 0.4.0 (commit 74c19a0, built with GCC 12.2)"
std::string version_line();

}  // namespace synops::cli
