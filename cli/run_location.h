// Where `resume` and `rollback` find an unfinished apply: the journal beside the manifests
// (DIR/.synops/journal, as `apply DIR` wrote it, unless --journal says otherwise) and, when DIR
// holds manifests, the cluster and namespace they name, as apply used them.
#pragma once
#include <filesystem>
#include <optional>
#include <string>

#include "engine/result.h"
#include "options.h"
#include "stages/apply/apply_session.h"
#include "adapters/kubernetes/kube_client.h"
#include "domain/manifests/desired.h"

namespace synops::cli {

struct RunLocation {
  std::optional<Desired> manifests;  // when DIR holds a synops.yaml
  std::filesystem::path journal_dir;
  std::string ns;  // --namespace, else the manifests'; empty: the journal's own
};

Result<RunLocation> locate_run(const std::string& dir, const CommonOptions& common);

// resume and rollback: locate the run, connect as apply did, continue it with `next` and
// report it with apply's exit codes.
using ContinueRun = Result<apply::SessionResult> (*)(const kube::KubeClient&, const apply::SessionSetup&);
int continue_run(const ApplyCommandOptions& options, const CommonOptions& common, ContinueRun next);

}  // namespace synops::cli
