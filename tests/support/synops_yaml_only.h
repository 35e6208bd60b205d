// Manifest tests that need one file: a directory holding only synops.yaml, "namespace: matrix"
// followed by `body`, loaded as `validate` loads it.
#pragma once
#include <string>

#include "domain/manifests/desired.h"
#include "engine/result.h"

namespace synops::testing {

Result<Desired> load_synops_yaml(const std::string& body);

// The load's errors, formatted ("synops.yaml:3:5: error: …"), one per line; empty when it loads.
std::string synops_yaml_errors(const std::string& body);

}  // namespace synops::testing
