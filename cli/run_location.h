// Where apply keeps its journal, and where `resume` and `rollback` find an unfinished one: in
// the user's state directory, one folder per cluster and namespace (state_directory.h), never
// in the manifest directory, whose files come with a checkout; --journal moves it. When DIR
// holds manifests, they name the cluster and namespace, as apply used them.
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
  std::string ns;  // --namespace, else the manifests'
};

Result<RunLocation> locate_run(const std::string& dir, const CommonOptions& common);

// Fills setup's journal directory (for the default, the identity of the cluster `client`
// talks to names the folder; setup.ns must be set) and the key that signs journals.
Result<bool> locate_journal(const kube::KubeClient& client, const CommonOptions& common, apply::SessionSetup& setup);

// resume and rollback: locate the run, connect as apply did, continue it with `next` and
// report it with apply's exit codes.
using ContinueRun = Result<apply::SessionResult> (*)(const kube::KubeClient&, const apply::SessionSetup&);
int continue_run(const ApplyCommandOptions& options, const CommonOptions& common, ContinueRun next);

}  // namespace synops::cli
