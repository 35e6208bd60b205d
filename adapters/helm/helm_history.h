// Every revision of a Helm release, read live from the Secrets Helm stores them in (labels
// owner=helm, name=<release>): what apply checks a release against (its plan was made from
// one revision; a newer one, whatever its status, means the plan is stale) and what undo
// rolls back to.
#pragma once
#include <string>
#include <vector>

#include "adapters/kubernetes/kube_client.h"
#include "engine/live_state.h"
#include "engine/result.h"

namespace synops {

struct HelmRevisionSecret {
  int revision = 0;    // label "version"
  std::string status;  // label "status": deployed, superseded, failed, pending-upgrade ...
  LiveObject secret;
};

// Oldest first; empty when the release has none.
Result<std::vector<HelmRevisionSecret>> read_release_history(const kube::KubeClient& client, const std::string& ns,
                                                             const std::string& name);

// The newest revision number, 0 when there is none.
int newest_revision(const std::vector<HelmRevisionSecret>& history);

}  // namespace synops
