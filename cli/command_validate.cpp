#include <iostream>

#include "commands.h"
#include "diagnostics_output.h"
#include "exit_codes.h"
#include "domain/manifests/manifest_loader.h"
#include "stages/plan/manifest_rules.h"

namespace synops::cli {

int command_validate(const std::string& dir, const CommonOptions&) {
  // 1. Load and check every manifest; report every problem at once.
  auto desired = load_manifests(dir);
  if (!desired) {
    print_diagnostics(in_manifest_dir(desired.error(), dir));
    return kError;
  }
  // 2. The guide's rules that need no live state: what plan would refuse anyway.
  if (const auto broken = manifest_rule_problems(*desired); !broken.empty()) {
    print_diagnostics(in_manifest_dir(broken, dir));
    return kError;
  }
  std::cerr << dir << ": the manifests are valid\n";
  return kOk;
}

}  // namespace synops::cli
