// Chooses where live state comes from, first match wins:
//   --live FILE; --kubeconfig or --context on the command line; live.snapshot in synops.yaml;
//   live.kubernetes in synops.yaml; kubectl's own lookup ($KUBECONFIG, ~/.kube/config, in-cluster).
// A command-line choice beats the manifests, so a reviewer's snapshot and an operator's
// context both work on the same directory.
#pragma once
#include <nlohmann/json.hpp>

#include "engine/live_state.h"
#include "engine/result.h"
#include "options.h"
#include "domain/manifests/desired.h"

namespace synops::cli {

Result<LiveState> read_live_state(const Desired& desired, const CommonOptions& common);

// True when read_live_state reads a snapshot (--live, or live.snapshot without a cluster on
// the command line): then nothing live is asked, not even PostgreSQL.
bool live_state_is_snapshot(const Desired& desired, const CommonOptions& common);

// What the live state is read from, as the plan file, the markdown header and drift's JSON say
// it: {"snapshot": the path as the user gave it (a snapshot synops.yaml names, joined to the
// manifest directory)} or {"context", "server"} of the kubeconfig. Never a kubeconfig secret.
nlohmann::ordered_json live_source(const Desired& desired, const CommonOptions& common, bool from_snapshot);

}  // namespace synops::cli
