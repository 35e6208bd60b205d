#include <iostream>

#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "domain/manifests/manifest_loader.h"

namespace synops::cli {

int command_validate(const std::string& dir, const CommonOptions&) {
  // 1. Load and check every manifest; report every problem at once.
  auto desired = load_manifests(dir);
  if (!desired) {
    print_diagnostics(desired.error());
    return kError;
  }
  std::cerr << dir << ": the manifests are valid\n";
  return kOk;
}

}  // namespace synops::cli
