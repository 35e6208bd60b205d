// Retries, their limits, and the failures that must never be retried, over real HTTPS
// against the test API server's fault injection.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <thread>

#include "support/api_server.h"
#include "adapters/kubernetes/retry_policy.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::kube;
using namespace synops::testing;

namespace {


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
  auto response = http_client(server)->send({"GET", kMainStatefulSetPath});
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
    auto response = http_client(server)->send({"GET", kMainStatefulSetPath});
    REQUIRE(response);
    CHECK(nlohmann::json::parse(response->body)["metadata"]["name"] == "synapse-main");
    CHECK(server.count("GET " + kMainStatefulSetPath) == 3);
  }
}

TEST_CASE("HTTP: a persistent 503 gives up after the attempt budget with the Status message") {
  TestApiServer server({"--seed", example_snapshot().string()});
  server.inject(fault("status", 100, 503));
  auto response = http_client(server)->send({"GET", kMainStatefulSetPath});
  REQUIRE_FALSE(response);
  CHECK(response.error().status == 503);
  CHECK(response.error().attempts == 5);
  CHECK(response.error().describe() == "injected failure 503 (ServiceUnavailable, 503) after 5 attempts");
  CHECK(server.count("GET " + kMainStatefulSetPath) == 5);
}

TEST_CASE("HTTP: the total time budget stops retries early") {
  TestApiServer server({"--seed", example_snapshot().string()});
  server.inject({{"rules", {{{"type", "status"}, {"status", 429}, {"retry_after", 5}, {"count", 10}}}}});
  HttpOptions options = fast_retries();
  options.retry.total = std::chrono::seconds(2);
  const auto started = std::chrono::steady_clock::now();
  auto response = http_client(server, options)->send({"GET", kMainStatefulSetPath});
  REQUIRE_FALSE(response);
  CHECK(response.error().status == 429);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));  // did not sleep past the budget
  CHECK(server.count("GET " + kMainStatefulSetPath) == 1);
}

TEST_CASE("HTTP: a dropped connection and a truncated body are retried") {
  for (const std::string type : {"drop", "truncate"}) {
    CAPTURE(type);
    TestApiServer server({"--seed", example_snapshot().string()});
    server.inject(fault(type, 2));
    auto response = http_client(server)->send({"GET", kStatefulSetsPath});
    REQUIRE(response);
    CHECK(nlohmann::json::parse(response->body)["items"].size() == 5);
    CHECK(server.count("LIST " + kStatefulSetsPath) == 3);
  }
}

TEST_CASE("HTTP: a truncated body is an error, never an empty list") {
  TestApiServer server({"--seed", example_snapshot().string()});
  server.inject(fault("truncate", 10));
  HttpOptions once = fast_retries();
  once.retry.max_attempts = 1;
  once.retry.total = std::chrono::milliseconds(0);  // a failure without an answer is retried for the budget otherwise
  auto response = http_client(server, once)->send({"GET", kStatefulSetsPath});
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
    auto response = http_client(server)->send({"GET", kMainStatefulSetPath});
    REQUIRE_FALSE(response);
    CHECK(response.error().status == status);
    CHECK(response.error().attempts == 1);
    CHECK(server.count("GET " + kMainStatefulSetPath) == 1);
  }
}

TEST_CASE("HTTP: a guarded write is not re-sent after an ambiguous 500, but is after 503") {
  TestApiServer server({"--seed", example_snapshot().string()});
  const std::string body = R"({"metadata":{"resourceVersion":"51877204"},"spec":{"replicas":1}})";
  HttpRequest patch{"PATCH", kMainStatefulSetPath, "application/merge-patch+json", body, false};
  server.inject(fault("status", 1, 500));
  CHECK_FALSE(http_client(server)->send(patch));
  CHECK(server.count("PATCH " + kMainStatefulSetPath) == 1);
  server.inject(fault("status", 1, 503));
  CHECK(http_client(server)->send(patch));
  CHECK(server.count("PATCH " + kMainStatefulSetPath) == 3);
}

TEST_CASE("HTTP: redirects are not followed, so the token never reaches the target") {
  TestApiServer server({"--seed", example_snapshot().string()});
  TestApiServer target({"--seed", example_snapshot().string()});
  server.inject({{"rules", {{{"type", "redirect"}, {"location", target.url() + kMainStatefulSetPath}}}}});
  auto response = http_client(server)->send({"GET", kMainStatefulSetPath});
  REQUIRE_FALSE(response);
  CHECK(response.error().status == 307);
  CHECK(response.error().reason == "Redirect");
  CHECK(target.requests()["requests"].empty());
}

TEST_CASE("HTTP: one connection is reused across requests") {
  TestApiServer server({"--seed", example_snapshot().string()});
  auto client = http_client(server);
  const int before = server.requests()["connections"];
  for (int i = 0; i < 5; ++i) REQUIRE(client->send({"GET", kMainStatefulSetPath}));
  CHECK(server.requests()["connections"].get<int>() - before == 2);  // ours, plus the one this check opened
}

TEST_CASE("HTTP: a slow server hits the request timeout") {
  TestApiServer server({"--seed", example_snapshot().string()});
  HttpOptions options = fast_retries();
  options.request_timeout = std::chrono::milliseconds(1000);
  options.retry.total = std::chrono::milliseconds(1500);  // room for a second try, not a third
  auto client = http_client(server, options);
  REQUIRE(client->send({"GET", kMainStatefulSetPath}));  // the connection is up; what follows times out on the answer
  server.inject({{"latency_ms", 3000}});
  auto response = client->send({"GET", kMainStatefulSetPath});
  REQUIRE_FALSE(response);
  CHECK(response.error().reason == "Timeout");
  CHECK(response.error().attempts == 2);
}

TEST_CASE("HTTP: refused connections are retried for the whole time budget, however many attempts that takes") {
  TestApiServer server({"--seed", example_snapshot().string()});
  auto client = http_client(server);  // fast_retries: at most 5 attempts for an answer, 10 s in all
  CHECK(client->answers());
  server.inject({{"outage_ms", 1500}, {"mode", "refuse"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the listening socket closes
  CHECK_FALSE(client->answers());
  const auto started = std::chrono::steady_clock::now();
  auto response = client->send({"GET", kMainStatefulSetPath});
  REQUIRE(response);
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(1200));
  CHECK(client->answers());
}

TEST_CASE("HTTP: a refused connection gives up once the budget is spent, naming the cause") {
  TestApiServer server({"--seed", example_snapshot().string()});
  HttpOptions options = fast_retries();
  options.retry.total = std::chrono::milliseconds(1000);
  auto client = http_client(server, options);
  server.inject({{"outage_ms", 3000}, {"mode", "refuse"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto started = std::chrono::steady_clock::now();
  auto response = client->send({"GET", kMainStatefulSetPath});
  const auto took = std::chrono::steady_clock::now() - started;
  REQUIRE_FALSE(response);
  CHECK(response.error().reason == "ConnectionRefused");
  CHECK(response.error().attempts > 5);  // not the answer limit: the time budget
  CHECK(took >= std::chrono::milliseconds(900));
  CHECK(took < std::chrono::milliseconds(2500));
}

TEST_CASE("HTTP: a guarded PATCH is retried after a refused connection: it was never sent") {
  TestApiServer server({"--seed", example_snapshot().string()});
  server.inject({{"outage_ms", 1000}, {"mode", "refuse"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const std::string body = R"({"spec":{"replicas":1}})";
  auto response = http_client(server)->send(HttpRequest{"PATCH", kMainStatefulSetPath, "application/merge-patch+json", body, false});
  REQUIRE(response);
  CHECK(server.count("PATCH " + kMainStatefulSetPath) == 1);
}

TEST_CASE("HTTP: a request that hangs is given up after the stall timeout and sent again") {
  TestApiServer server({"--seed", example_snapshot().string()});
  HttpOptions options = fast_retries();
  options.stall_timeout = std::chrono::seconds(1);
  auto client = http_client(server, options);
  server.inject({{"rules", {{{"type", "hang"}, {"ms", 5000}, {"verb", "get"}}}}});
  const auto started = std::chrono::steady_clock::now();
  auto response = client->send({"GET", kMainStatefulSetPath});
  REQUIRE(response);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(4000));
  CHECK(server.count("GET " + kMainStatefulSetPath) == 2);
  // A partition: every request hangs until the outage ends; the client keeps trying until then.
  server.inject({{"outage_ms", 2500}, {"mode", "hang"}});
  const auto partitioned = std::chrono::steady_clock::now();
  REQUIRE(client->send({"GET", kMainStatefulSetPath}));
  CHECK(std::chrono::steady_clock::now() - partitioned >= std::chrono::milliseconds(2000));
}

// S6/S7 of the test matrix, read off the source: TLS verification can be turned off in one
// place only (the --allow-insecure-tls path), redirects are never followed, and curl never
// speaks anything but https. A new curl user elsewhere would slip past every other test.
TEST_CASE("source: TLS verification is off only on the opt-in path; no redirects; https only") {
  const std::filesystem::path root = SYNOPS_SOURCE_DIR;
  std::map<std::string, int> uses;  // file -> lines that set a verify, redirect or protocol option
  for (const char* dir : {"engine", "adapters", "domain", "stages", "cli"})
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
      if (entry.path().extension() != ".cpp" && entry.path().extension() != ".h") continue;
      std::ifstream in(entry.path());
      for (std::string line; std::getline(in, line);)
        if (line.find("CURLOPT_SSL_VERIFY") != std::string::npos || line.find("CURLOPT_FOLLOWLOCATION") != std::string::npos ||
            line.find("CURLOPT_PROTOCOLS") != std::string::npos || line.find("CURLOPT_REDIR_PROTOCOLS") != std::string::npos)
          ++uses[std::filesystem::relative(entry.path(), root).string()];
    }
  // The Pushgateway push of drift's metrics is curl's only other user: it never follows a
  // redirect and speaks http or https only (a Pushgateway in the cluster is often plain http),
  // and it leaves TLS verification on.
  CHECK(uses == std::map<std::string, int>{{"adapters/kubernetes/http_client.cpp", 4}, {"cli/pushgateway.cpp", 2}});
  {
    std::ifstream push(root / "cli/pushgateway.cpp");
    const std::string text{std::istreambuf_iterator<char>(push), std::istreambuf_iterator<char>()};
    CHECK(text.find("CURLOPT_FOLLOWLOCATION, 0L)") != std::string::npos);
    CHECK(text.find("CURLOPT_PROTOCOLS_STR, \"http,https\")") != std::string::npos);
  }
  std::ifstream in(root / "adapters/kubernetes/http_client.cpp");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    INFO("http_client.cpp:" << i + 1 << ": " << line);
    if (line.find("CURLOPT_SSL_VERIFY") != std::string::npos) {
      CHECK(line.find(", 0L)") != std::string::npos);
      // Inside `if (config.insecure_skip_tls_verify) {`, two or three lines up.
      bool guarded = false;
      for (size_t up = 1; up <= 3 && up <= i; ++up) guarded = guarded || lines[i - up].find("if (config.insecure_skip_tls_verify) {") != std::string::npos;
      CHECK(guarded);
    }
    if (line.find("CURLOPT_FOLLOWLOCATION") != std::string::npos) CHECK(line.find("CURLOPT_FOLLOWLOCATION, 0L)") != std::string::npos);
    if (line.find("CURLOPT_PROTOCOLS_STR") != std::string::npos) CHECK(line.find("CURLOPT_PROTOCOLS_STR, \"https\")") != std::string::npos);
  }
}

namespace {

std::vector<double> request_times(const TestApiServer& server) {
  std::vector<double> times;
  const nlohmann::json log = server.requests();  // kept: a range-for over a temporary's member would dangle
  for (const auto& request : log["requests"]) times.push_back(request["at_ms"].get<double>());
  return times;
}

}  // namespace

TEST_CASE("HTTP: the client-side limit keeps every window under burst plus QPS, across threads") {
  TestApiServer server({"--seed", example_snapshot().string()});
  HttpOptions options = fast_retries();
  options.qps = 20;
  options.burst = 4;
  auto client = http_client(server, options);
  server.clear_requests();
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t)
    threads.emplace_back([&client] {
      for (int i = 0; i < 8; ++i) CHECK(client->send({"GET", kMainStatefulSetPath}));
    });
  for (auto& thread : threads) thread.join();
  auto times = request_times(server);
  REQUIRE(times.size() == 24);
  std::ranges::sort(times);
  // The n-th request after any given one comes at least (n - burst + 1) / qps later, measured
  // on the server; 20 ms of slack for the first requests' connection set-up, which delays
  // their arrival and so shortens the windows that start with them.
  for (size_t first = 0; first < times.size(); ++first)
    for (size_t n = options.burst; first + n < times.size(); ++n) {
      INFO("request " << first << " and " << first + n);
      CHECK(times[first + n] - times[first] >= (n - options.burst + 1) * 1000.0 / options.qps - 20.0);
    }
  CHECK(times.back() - times.front() >= (24 - options.burst) * 1000.0 / options.qps - 20.0);
}

TEST_CASE("HTTP: a 429 with Retry-After holds every request of the client, not only the refused one") {
  TestApiServer server({"--seed", example_snapshot().string()});
  auto client = http_client(server);
  server.clear_requests();
  server.inject({{"rules", {{{"type", "status"}, {"status", 429}, {"retry_after", 1}, {"verb", "get"}, {"path", kMainStatefulSetPath}}}}});
  std::thread refused([&client] { CHECK(client->send({"GET", kMainStatefulSetPath})); });
  // Once the 429 has been answered, another request of the same client waits out Retry-After.
  for (int i = 0; i < 200 && server.requests()["requests"].empty(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(client->send({"GET", kStatefulSetsPath}));
  refused.join();
  const auto log = server.requests()["requests"];
  REQUIRE(log.size() == 3);
  CHECK(log[0]["status"] == 429);
  for (size_t i = 1; i < log.size(); ++i) CHECK(log[i]["at_ms"].get<double>() - log[0]["at_ms"].get<double>() >= 1000.0);
}
