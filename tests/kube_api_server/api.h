// One request in, one outcome out: authentication, injected faults, routing to discovery or
// the object verbs, and the request log. The transport (server.cpp) carries the outcome out,
// including the faults that break the connection itself.
#pragma once
#include <optional>
#include <string>

#include "auth.h"
#include "controllers.h"
#include "faults.h"
#include "http_types.h"
#include "objects.h"
#include "proxy.h"
#include "request_log.h"
#include "store.h"
#include "watch.h"

namespace kube_test {

struct ServerState {
  Store store;
  Faults faults;
  RequestLog log;
  AuthConfig auth;
  std::string address;  // host:port, for /api's serverAddressByClientCIDRs
  Controllers* controllers = nullptr;
  ProxyConfig proxy;
  // The kube-system namespace's UID: made once per server, so a server started again on the
  // same address is, like a rebuilt cluster, another cluster (cluster_identity.h).
  std::string kube_system_uid = uid();
};

enum class Transport { respond, drop, truncate };

struct Outcome {
  Response response;
  std::optional<Watch> watch;  // a WATCH streams events after the response headers
  Transport transport = Transport::respond;
  int latency_ms = 0;
};

Outcome handle(ServerState& state, const Request& request);

// The /_test/ endpoints: faults, the request log, seeding objects, stepping controllers.
Response admin(ServerState& state, const Request& request);

}  // namespace kube_test
