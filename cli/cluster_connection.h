// The cluster a command talks to, found as kubectl finds it: --kubeconfig/--context from the
// command line, else live.kubernetes in synops.yaml, else $KUBECONFIG, ~/.kube/config or the
// in-cluster service account.
#pragma once
#include <string>

#include "engine/live_state.h"
#include "engine/redactor.h"
#include "engine/result.h"
#include "options.h"
#include "adapters/kubernetes/kube_client.h"
#include "adapters/kubernetes/kubeconfig.h"
#include "domain/manifests/desired.h"

namespace synops::cli {

// How long a command keeps trying an API server that does not answer (refused, reset, hung).
// A command that only reads (plan, drift, snapshot, import) is run by someone at a terminal
// or by a cron that runs again: it gives up after 10 s and says why. A command that writes
// (apply, resume, rollback, force-unlock) rides out a control plane restart for the whole
// retry budget (30 s per request), because stopping half-way through a change costs more.
enum class Patience { reading, writing };

// The kubeconfig file and context the command uses: --kubeconfig/--context, else synops.yaml's
// live.kubeconfig (relative to the manifest directory) and live.context; empty: the default.
kube::KubeconfigOptions kubeconfig_options(const CommonOptions& common, const Desired* manifests);

// `manifests` may be null (import and snapshot can run without a manifest directory). With
// `secrets`, the credentials of the kubeconfig (token, token file, client key) are added to
// it. An exec plugin's token is fetched later, inside the client, and is not.
Result<kube::KubeClient> connect_cluster(const CommonOptions& common, Patience patience, const Desired* manifests = nullptr,
                                         Redactor* secrets = nullptr);

// The objects synops reads in one namespace: one LIST per kind, never a GET per object.
Result<LiveState> read_namespace(const kube::KubeClient& client, const std::string& ns);

// The namespaces the manifests name: the root one, and the MinIO Tenant's when it differs.
std::vector<std::string> manifest_namespaces(const Desired& desired);
// What the manifests need: one LIST per needed kind in the root namespace, and only Tenants in
// the Tenant's namespace.
Result<LiveState> read_manifest_namespaces(const kube::KubeClient& client, const Desired& desired);

}  // namespace synops::cli
