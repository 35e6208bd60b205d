// Who is calling: a bearer token from the configured set, or a client certificate that the
// TLS layer verified against our CA. Anything else is 401; a token configured as forbidden
// is authenticated but may do nothing (403), like a service account without RBAC rights.
#pragma once
#include <optional>
#include <set>
#include <string>

#include "http_types.h"

namespace kube_test {

struct AuthConfig {
  std::set<std::string> tokens;
  std::set<std::string> forbidden_tokens;
};

enum class Access { allowed, unauthenticated, forbidden };

struct Caller {
  Access access = Access::unauthenticated;
  std::string user;  // "token:<n>" or the certificate's common name
};

Caller authenticate(const AuthConfig& config, const Request& request);

}  // namespace kube_test
