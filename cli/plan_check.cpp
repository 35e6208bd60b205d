#include "plan_check.h"

#include <fmt/format.h>

#include "diagnostics_output.h"
#include "live_source.h"
#include "postgres_contexts.h"
#include "domain/manifests/manifest_loader.h"
#include "stages/plan/planner.h"

namespace synops::cli {

namespace {

// A file whose objects moved on since it was made differs from a fresh plan through no edit:
// the reader is told, so that marks are not read as tampering alone.
size_t changed_reads(const Plan& saved, const LiveState& live) {
  size_t changed = 0;
  for (const auto& read : saved.reads) {
    const LiveObject* object = live.find(read.ref);
    const bool same = read.resource_version.empty() ? object == nullptr  // read as absent: a step creates it
                                                    : object != nullptr && object->resource_version == read.resource_version;
    if (!same) ++changed;
  }
  return changed;
}

std::string steps(size_t count) { return fmt::format("{} step{}", count, count == 1 ? "" : "s"); }

}  // namespace

Result<PlanCheck> check_plan_file(const Plan& saved, const std::string& manifests, const CommonOptions& common) {
  if (manifests.empty()) return PlanCheck{.marks = static_marks(saved)};
  auto desired = load_manifests(manifests);
  if (!desired) return std::unexpected(in_manifest_dir(desired.error(), manifests));
  if (!common.ns.empty()) desired->ns.value = common.ns;
  auto live = read_live_state(*desired, common);
  if (!live) return std::unexpected(live.error());
  // Refusals do not change the steps (a critical change is refused, not left out), so the
  // default options give the steps whatever the file was planned with.
  const bool from_snapshot = live_state_is_snapshot(*desired, common);
  auto fresh = plan_deployment(*desired, *live, {.postgres_contexts = live_parameter_contexts(*desired, from_snapshot)});
  if (!fresh) return std::unexpected(in_manifest_dir(fresh.error(), manifests));
  return PlanCheck{.manifests = manifests, .changed_reads = changed_reads(saved, *live), .marks = checked_marks(saved, *fresh)};
}

std::vector<std::string> check_summary(const PlanCheck& check) {
  const size_t foreign = check.marks.foreign_steps();
  const std::string found = fmt::format("{} in this file {} not what ", steps(foreign), foreign == 1 ? "is" : "are");
  std::vector<std::string> lines;
  if (check.manifests.empty()) {
    lines.push_back("Not checked against manifests: pass the manifest directory to mark steps they do not ask for.");
    if (foreign > 0) lines.push_back(found + "any synops plan holds (marked FOREIGN).");
    return lines;
  }
  const std::string checked = "Checked against " + check.manifests + " and the live state: ";
  const auto& missing = check.marks.missing;
  if (foreign > 0) lines.push_back(checked + found + "the manifests ask for (marked FOREIGN).");
  else if (missing.empty()) lines.push_back(checked + "every step matches.");
  else lines.push_back(checked + "every step in this file matches, but it lacks some.");
  if (!missing.empty()) {
    std::string keys;
    for (const auto& key : missing) keys += (keys.empty() ? "" : "; ") + key;
    lines.push_back(fmt::format("The manifests ask for {} this file lacks: {}.", steps(missing.size()), keys));
  }
  if (check.changed_reads > 0)
    lines.push_back(fmt::format("{} object{} the plan read changed since it was made: a difference may be the cluster's, not an edit.",
                                check.changed_reads, check.changed_reads == 1 ? "" : "s"));
  return lines;
}

}  // namespace synops::cli
