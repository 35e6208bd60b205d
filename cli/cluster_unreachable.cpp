#include "cluster_unreachable.h"

#include <array>
#include <utility>

#include "cluster_connection.h"

namespace synops::cli {

namespace {

struct Cause {
  const char* reason;  // the transport reason the HTTP client names in its errors, "(ConnectionRefused)"
  const char* words;   // as a person says it
  bool tls;            // the fix is in the kubeconfig's certificates, not the address
};

constexpr std::array kCauses = {
    Cause{"(ConnectionRefused)", "connection refused", false},
    Cause{"(UnknownHost)", "the host name does not resolve", false},
    Cause{"(ConnectTimeout)", "no connection within the time limit", false},
    Cause{"(Timeout)", "no answer within the time limit", false},
    Cause{"(ConnectionReset)", "the connection was closed without an answer", false},
    Cause{"(EmptyReply)", "the connection was closed without an answer", false},
    Cause{"(TLSHandshakeFailed)", "the TLS handshake failed", true},
    Cause{"(TLSVerificationFailed)", "its certificate is not signed by the authority the kubeconfig trusts", true},
};

const Cause* cause_of(const Diagnostics& errors) {
  for (const auto& error : errors)
    for (const auto& cause : kCauses)
      if (error.message.find(cause.reason) != std::string::npos) return &cause;
  return nullptr;
}

// "context kind-x", or where the configuration came from when there is no context (in-cluster).
std::string which_cluster(const CommonOptions& common, const Desired* manifests) {
  const auto config = kube::load_cluster_config(kubeconfig_options(common, manifests));
  if (!config) return "";
  return config->context.empty() ? config->source : "context " + config->context;
}

}  // namespace

Diagnostics unreachable_in_one_line(const kube::KubeClient& client, Diagnostics errors, const CommonOptions& common,
                                    const Desired* manifests) {
  if (errors.empty() || client.http().answers()) return errors;
  const Cause* cause = cause_of(errors);
  const std::string cluster = which_cluster(common, manifests);
  std::string line = "cannot reach the Kubernetes API at " + client.http().server() + (cluster.empty() ? "" : " (" + cluster + ")") +
                     ": " + (cause != nullptr ? cause->words : "no answer") + "; ";
  line += cause != nullptr && cause->tls ? "check the kubeconfig's certificate-authority-data and server"
                                         : "check that the cluster is up and the kubeconfig's server is right";
  if (common.verbose == 0) line += " (-v for each request)";
  Diagnostics one{{{}, line}};
  if (common.verbose > 0) one.insert(one.end(), std::make_move_iterator(errors.begin()), std::make_move_iterator(errors.end()));
  return one;
}

}  // namespace synops::cli
