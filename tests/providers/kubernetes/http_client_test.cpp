// Retries, their limits, and the failures that must never be retried, over real HTTPS
// against the test API server's fault injection.
#include <doctest/doctest.h>

#include <chrono>

#include "api_server.h"
#include "providers/kubernetes/retry_policy.h"

using namespace synops;
using namespace synops::kube;
using namespace synops::testing;

namespace {

const std::string kStatefulSets = "/apis/apps/v1/namespaces/matrix/statefulsets";
const std::string kMain = kStatefulSets + "/synapse-main";

std::shared_ptr<HttpClient> http_client(const TestApiServer& server, HttpOptions options = fast_retries()) {
  auto client = HttpClient::create(server.token_config(), options);
  REQUIRE(client);
  return *client;
}

nlohmann::json fault(const std::string& type, int count, unsigned status = 500) {
  return {{"rules", {{{"type", type}, {"count", count}, {"status", status}}}}};
}

}  // namespace

TEST_CASE("retry policy: exponential steps with jitter, capped, never under Retry-After") {
  const RetryPolicy policy{5, std::chrono::milliseconds(200), std::chrono::milliseconds(5000), std::chrono::seconds(30)};
  CHECK(backoff_delay(policy, 1, std::nullopt, 0.0) == std::chrono::milliseconds(100));
  CHECK(backoff_delay(policy, 1, std::nullopt, 0.999).count() <= 200);
  CHECK(backoff_delay(policy, 3, std::nullopt, 0.0) == std::chrono::milliseconds(400));
  CHECK(backoff_delay(policy, 20, std::nullopt, 0.999).count() <= 5000);
  CHECK(backoff_delay(policy, 1, std::chrono::seconds(3), 0.0) == std::chrono::milliseconds(3000));
  CHECK(backoff_delay(policy, 1, std::chrono::seconds(3), 0.5) > std::chrono::milliseconds(3000));
  CHECK(parse_retry_after(" 2\r\n") == std::chrono::seconds(2));
  CHECK_FALSE(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"));
  for (long status : {429L, 500L, 502L, 503L, 504L}) CHECK(retryable_status(status));
  for (long status : {400L, 401L, 403L, 404L, 409L, 410L, 415L, 422L}) CHECK_FALSE(retryable_status(status));
}

TEST_CASE("HTTP: 429 with Retry-After waits at least that long, then succeeds") {
  TestApiServer server({"--seed", example_snapshot().string()});
  server.inject({{"rules", {{{"type", "status"}, {"status", 429}, {"retry_after", 1}, {"verb", "get"}}}}});
  const auto started = std::chrono::steady_clock::now();
  auto response = http_client(server)->send({"GET", kMain});
  REQUIRE(response);
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::seconds(1));
  const auto log = server.requests()["requests"];
  REQUIRE(log.size() == 2);
  CHECK(log[0]["status"] == 429);
  CHECK(log[1]["at_ms"].get<double>() - log[0]["at_ms"].get<double>() >= 1000.0);
}

TEST_CASE("HTTP: 500, 502, 503 and 504 are retried with backoff") {
  for (unsigned status : {500u, 502u, 503u, 504u}) {
    CAPTURE(status);
    TestApiServer server({"--seed", example_snapshot().string()});
    server.inject(fault("status", 2, status));
    auto response = http_client(server)->send({"GET", kMain});
    REQUIRE(response);
    CHECK(nlohmann::json::parse(response->body)["metadata"]["name"] == "synapse-main");
    CHECK(server.count("GET " + kMain) == 3);
  }
}

TEST_CASE("HTTP: a persistent 503 gives up after the attempt budget with the Status message") {
  TestApiServer server({"--seed", example_snapshot().string()});
  server.inject(fault("status", 100, 503));
  auto response = http_client(server)->send({"GET", kMain});
  REQUIRE_FALSE(response);
  CHECK(response.error().status == 503);
  CHECK(response.error().attempts == 5);
  CHECK(response.error().describe() == "injected failure 503 (ServiceUnavailable, 503) after 5 attempts");
  CHECK(server.count("GET " + kMain) == 5);
}

TEST_CASE("HTTP: the total time budget stops retries early") {
  TestApiServer server({"--seed", example_snapshot().string()});
  server.inject({{"rules", {{{"type", "status"}, {"status", 429}, {"retry_after", 5}, {"count", 10}}}}});
  HttpOptions options = fast_retries();
  options.retry.total = std::chrono::seconds(2);
  const auto started = std::chrono::steady_clock::now();
  auto response = http_client(server, options)->send({"GET", kMain});
  REQUIRE_FALSE(response);
  CHECK(response.error().status == 429);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));  // did not sleep past the budget
  CHECK(server.count("GET " + kMain) == 1);
}

TEST_CASE("HTTP: a dropped connection and a truncated body are retried") {
  for (const std::string type : {"drop", "truncate"}) {
    CAPTURE(type);
    TestApiServer server({"--seed", example_snapshot().string()});
    server.inject(fault(type, 2));
    auto response = http_client(server)->send({"GET", kStatefulSets});
    REQUIRE(response);
    CHECK(nlohmann::json::parse(response->body)["items"].size() == 5);
    CHECK(server.count("LIST " + kStatefulSets) == 3);
  }
}

TEST_CASE("HTTP: a truncated body is an error, never an empty list") {
  TestApiServer server({"--seed", example_snapshot().string()});
  server.inject(fault("truncate", 10));
  HttpOptions once = fast_retries();
  once.retry.max_attempts = 1;
  auto response = http_client(server, once)->send({"GET", kStatefulSets});
  REQUIRE_FALSE(response);
  CHECK(response.error().status == 0);
  CHECK((response.error().reason == "TruncatedBody" || response.error().reason == "ConnectionReset"));
  auto client = KubeClient::connect(server.token_config(), once);
  REQUIRE(client);
  auto listed = client->list(*find_kind("StatefulSet"), "matrix");
  REQUIRE_FALSE(listed);
  CHECK(listed.error().front().message.find("cannot list statefulsets.apps/v1 in namespace matrix: no complete answer") == 0);
}

TEST_CASE("HTTP: 400, 401, 403, 404, 409 and 422 are never retried") {
  for (unsigned status : {400u, 401u, 403u, 404u, 409u, 422u}) {
    CAPTURE(status);
    TestApiServer server({"--seed", example_snapshot().string()});
    server.inject(fault("status", 5, status));
    auto response = http_client(server)->send({"GET", kMain});
    REQUIRE_FALSE(response);
    CHECK(response.error().status == status);
    CHECK(response.error().attempts == 1);
    CHECK(server.count("GET " + kMain) == 1);
  }
}

TEST_CASE("HTTP: a guarded write is not re-sent after an ambiguous 500, but is after 503") {
  TestApiServer server({"--seed", example_snapshot().string()});
  const std::string body = R"({"metadata":{"resourceVersion":"51877204"},"spec":{"replicas":1}})";
  HttpRequest patch{"PATCH", kMain, "application/merge-patch+json", body, false};
  server.inject(fault("status", 1, 500));
  CHECK_FALSE(http_client(server)->send(patch));
  CHECK(server.count("PATCH " + kMain) == 1);
  server.inject(fault("status", 1, 503));
  CHECK(http_client(server)->send(patch));
  CHECK(server.count("PATCH " + kMain) == 3);
}

TEST_CASE("HTTP: redirects are not followed, so the token never reaches the target") {
  TestApiServer server({"--seed", example_snapshot().string()});
  TestApiServer target({"--seed", example_snapshot().string()});
  server.inject({{"rules", {{{"type", "redirect"}, {"location", target.url() + kMain}}}}});
  auto response = http_client(server)->send({"GET", kMain});
  REQUIRE_FALSE(response);
  CHECK(response.error().status == 307);
  CHECK(response.error().reason == "Redirect");
  CHECK(target.requests()["requests"].empty());
}

TEST_CASE("HTTP: one connection is reused across requests") {
  TestApiServer server({"--seed", example_snapshot().string()});
  auto client = http_client(server);
  const int before = server.requests()["connections"];
  for (int i = 0; i < 5; ++i) REQUIRE(client->send({"GET", kMain}));
  CHECK(server.requests()["connections"].get<int>() - before == 2);  // ours, plus the one this check opened
}

TEST_CASE("HTTP: a slow server hits the request timeout") {
  TestApiServer server({"--seed", example_snapshot().string()});
  HttpOptions options = fast_retries();
  options.request_timeout = std::chrono::milliseconds(1000);
  options.retry.max_attempts = 2;
  auto client = http_client(server, options);
  REQUIRE(client->send({"GET", kMain}));  // the connection is up; what follows times out on the answer
  server.inject({{"latency_ms", 3000}});
  auto response = client->send({"GET", kMain});
  REQUIRE_FALSE(response);
  CHECK(response.error().reason == "Timeout");
  CHECK(response.error().attempts == 2);
}
