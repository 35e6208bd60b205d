// Where synops keeps what is this user's alone and must never come from a checkout: the
// journals of apply (one folder per cluster and namespace) and the key that signs them.
// $XDG_STATE_HOME/synops, else ~/.local/state/synops, as the XDG Base Directory
// specification places state that outlives a run but is not worth backing up.
#pragma once
#include <filesystem>
#include <string>

#include "engine/result.h"
#include "adapters/kubernetes/cluster_identity.h"

namespace synops::cli {

Result<std::filesystem::path> state_directory();

// STATE/journal/<cluster>/<namespace>: the journals of one deployment on one cluster.
std::filesystem::path default_journal_dir(const std::filesystem::path& state, const kube::ClusterIdentity& cluster,
                                          const std::string& ns);

// STATE/journal.key (stages/apply/journal_key.h).
std::filesystem::path journal_key_file(const std::filesystem::path& state);

}  // namespace synops::cli
