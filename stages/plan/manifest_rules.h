// The guide's rules that the manifests alone decide, with no live state: `validate` reports
// them as errors, so an editor or a pre-commit hook catches them before `plan` refuses the
// same manifests (exit 3). Rules that need the cluster (the connection budget, an HPA that
// is live) stay with `plan`.
#pragma once
#include <vector>

#include "domain/manifests/desired.h"
#include "engine/diagnostic.h"

namespace synops {

// For now: synapse-images-match and hpa-on-named-pool.
// Each broken rule as a diagnostic at the manifest value that breaks it, its rule named at
// the end of the message ("(rule synapse-images-match)"); sorted by position.
Diagnostics manifest_rule_problems(const Desired& desired);

}  // namespace synops
