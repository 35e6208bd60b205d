#include "run_location.h"

#include "providers/manifests/manifest_loader.h"

namespace synops::cli {

Result<RunLocation> locate_run(const std::string& dir, const CommonOptions& common) {
  RunLocation run;
  if (std::filesystem::exists(std::filesystem::path(dir) / "synops.yaml")) {
    auto desired = load_manifests(dir);
    if (!desired) return std::unexpected(desired.error());
    run.manifests = std::move(*desired);
  }
  run.journal_dir = common.journal.empty() ? std::filesystem::path(dir) / ".synops" / "journal" : std::filesystem::path(common.journal);
  run.ns = !common.ns.empty() ? common.ns : run.manifests ? run.manifests->ns.value : "";
  return run;
}

}  // namespace synops::cli
