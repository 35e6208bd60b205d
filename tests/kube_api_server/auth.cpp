#include "auth.h"

namespace kube_test {

Caller authenticate(const AuthConfig& config, const Request& request) {
  constexpr std::string_view kBearer = "Bearer ";
  if (request.authorization.starts_with(kBearer)) {
    const std::string token = request.authorization.substr(kBearer.size());
    if (config.forbidden_tokens.contains(token)) return {Access::forbidden, "system:serviceaccount:matrix:no-rights"};
    if (config.tokens.contains(token)) return {Access::allowed, "token-user"};
    return {Access::unauthenticated, ""};  // a wrong token is refused even with a good certificate
  }
  if (!request.client_certificate_user.empty()) return {Access::allowed, request.client_certificate_user};
  return {Access::unauthenticated, ""};
}

}  // namespace kube_test
