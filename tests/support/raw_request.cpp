#include "raw_request.h"

#include <doctest/doctest.h>

#include <chrono>

#include "adapters/kubernetes/http_client.h"

namespace synops::testing {

RawReply send_once(const TestApiServer& server, const std::string& method, const std::string& target,
                   const std::string& content_type, const std::string& body) {
  kube::HttpOptions once;
  once.retry.max_attempts = 1;
  once.retry.total = std::chrono::milliseconds(0);
  auto http = kube::HttpClient::create(server.token_config(), once);
  REQUIRE(http);
  auto response = (*http)->send(kube::HttpRequest{method, target, content_type, body});
  if (!response) return {response.error().status, "", {{"reason", response.error().reason}, {"message", response.error().message}}};
  return {response->status, response->body, nlohmann::json::parse(response->body, nullptr, false)};
}

}  // namespace synops::testing
