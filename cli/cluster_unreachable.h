// An API server that does not answer at all (refused, unresolvable, TLS, silent) fails every
// request a command makes, each after its retries: one line says so, naming the server and
// the context, instead of one error per request. With -v the requests' own errors follow.
#pragma once
#include "engine/diagnostic.h"
#include "options.h"
#include "adapters/kubernetes/kube_client.h"
#include "domain/manifests/desired.h"

namespace synops::cli {

// `errors` of a failed read through `client`: "cannot reach the Kubernetes API at URL (context
// C): connection refused; check ..." when the server gives no answer now (one GET /version,
// not retried), else `errors` as they are. `manifests` as given to connect_cluster.
Diagnostics unreachable_in_one_line(const kube::KubeClient& client, Diagnostics errors, const CommonOptions& common,
                                    const Desired* manifests = nullptr);

}  // namespace synops::cli
