// What `synops show` learned about a plan file before rendering it: whether it was checked
// against the manifests and the live state, and which of its parts are foreign
// (engine/foreign_content.h). The renderers mark those parts in every format.
#pragma once
#include <string>
#include <vector>

#include "engine/foreign_content.h"
#include "engine/plan.h"
#include "engine/result.h"
#include "options.h"

namespace synops::cli {

struct PlanCheck {
  std::string manifests;  // the manifest directory planned from again; empty when not checked
  size_t changed_reads = 0;  // objects the file read that are now gone or at another resourceVersion
  ForeignContent marks;
};

// Without a directory: the static marks only. With one: the plan made again as `apply
// PLANFILE` makes it (the manifests, the live state from the same sources as `plan`).
Result<PlanCheck> check_plan_file(const Plan& saved, const std::string& manifests, const CommonOptions& common);

// The lines a reader sees first, in text and markdown: what was checked and what was found.
std::vector<std::string> check_summary(const PlanCheck& check);

}  // namespace synops::cli
