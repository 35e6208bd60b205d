// A failed API call, as a value: the HTTP status and the API's own `Status` object
// (reason NotFound, Conflict, Invalid...), or the transport failure when no answer came.
#pragma once
#include <string>
#include <string_view>

namespace synops::kube {

struct ApiError {
  long status = 0;       // HTTP status; 0 when no response arrived (connection, TLS, timeout)
  std::string reason;    // Status.reason ("NotFound", "Conflict") or a transport cause ("ConnectionReset")
  std::string message;   // one sentence for a person; never holds a credential
  int attempts = 1;      // how many times the request was sent

  // "NotFound (404): statefulsets.apps \"x\" not found", "after 5 attempts" when retried.
  std::string describe() const;
};

// Reads a non-2xx response. Bodies that are not a Status (a proxy's HTML page) give a
// generic message rather than the body, which could hold anything.
ApiError error_from_response(long status, std::string_view body);

// The reason Kubernetes uses for an HTTP status (404 -> NotFound), for bodies without one.
std::string reason_for_status(long status);

}  // namespace synops::kube
