// Live state from the API server: one LIST per kind and namespace (never a GET per object),
// run a few at a time in parallel. Secrets are sensitive and numerous, so only Helm's
// release Secrets (label owner=helm) are listed; any other object synops needs is read by name.
#pragma once
#include <string>
#include <vector>

#include "engine/live_state.h"
#include "engine/result.h"
#include "kube_client.h"

namespace synops::kube {

struct ClusterReadRequest {
  std::vector<std::string> namespaces;
  std::vector<std::string> kinds;       // empty: every kind of known_kinds() except Lease
  std::vector<ObjectRef> named_objects; // read one by one (e.g. Secrets that are not Helm releases); absent ones are skipped
  int parallelism = 4;                  // concurrent requests; each borrows its own connection
};

// The kinds read by default.
std::vector<std::string> default_read_kinds();

Result<LiveState> read_cluster(const KubeClient& client, const ClusterReadRequest& request);
Result<LiveState> read_cluster(const KubeClient& client, const std::vector<std::string>& namespaces);

}  // namespace synops::kube
