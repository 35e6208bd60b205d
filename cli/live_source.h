// Chooses where live state comes from: --live, else the manifests' live.snapshot.
#pragma once
#include "engine/live_state.h"
#include "engine/result.h"
#include "options.h"
#include "providers/manifests/desired.h"

namespace synops::cli {

Result<LiveState> read_live_state(const Desired& desired, const CommonOptions& common);

}  // namespace synops::cli
