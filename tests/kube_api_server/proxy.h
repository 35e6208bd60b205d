// The pod proxy subresource, GET /api/v1/namespaces/NS/pods/NAME[:PORT]/proxy/PATH, as the
// API server forwards it to the pod and what Synapse there answers:
//   _matrix/federation/v1/version  200 {"server":{"name":"Synapse","version":X}}, X being the
//                                  tag of the pod's first container's image without a leading
//                                  "v" (unless --reported-version or a "version" fault says else)
//   health                         200 OK (text/plain)
//   anything else                  404 {"errcode":"M_UNRECOGNIZED",...}, from Synapse
// A pod that is not running and ready cannot answer: 503 ServiceUnavailable, "error trying
// to reach service: dial tcp IP:PORT: connect: connection refused", as the API server says
// when the dial fails; a pod without an IP: 400 "address not allowed"; no such pod: 404.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "http_types.h"
#include "router.h"
#include "store.h"

namespace kube_test {

struct ProxyConfig {
  // --reported-version IMAGE_SUBSTRING=VERSION: pods whose first image contains the substring
  // report VERSION, as a mislabelled image would.
  std::vector<std::pair<std::string, std::string>> reported_versions;
};

// `version`: what a "version" fault makes this one answer report.
Response pod_proxy(const Store& store, const ProxyConfig& config, const Route& route, const std::string& method,
                   const std::optional<std::string>& version);

// "ghcr.io/element-hq/synapse:v1.120.0" -> "1.120.0".
std::string version_from_image(const std::string& image);

}  // namespace kube_test
