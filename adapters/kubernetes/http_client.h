// HTTPS to the API server (the Pushgateway push in cli/pushgateway.cpp is curl's other user). One client serves
// many threads: each request borrows an easy handle from a small pool, and all handles
// share one connection cache, so connections are reused across requests and threads.
// TLS material goes to curl as in-memory blobs: no credential is ever written to disk.
// Redirects are never followed (they would carry the bearer token to another host).
#pragma once
#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api_status.h"
#include "engine/result.h"
#include "kubeconfig.h"
#include "retry_policy.h"

namespace synops::kube {

struct HttpRequest {
  std::string method = "GET";
  std::string target;        // path and query: "/api/v1/namespaces/matrix/pods?limit=500"
  std::string content_type;  // for a body
  std::string body;
  // May it be sent again after an ambiguous failure (a 500, a connection lost after
  // sending)? A patch guarded by a resourceVersion is not: if the first try did land, the
  // second would report a conflict with ourselves. 429, 503 and a request that never left
  // (a refused connection, a failed TLS handshake) are always retried: the server did not act.
  bool idempotent = true;
};

struct HttpResponse {
  long status = 0;
  std::string body;
};

// The time limits of one attempt sit well inside the retry budget (retry.total, 30 s), so a
// request that hangs is tried again rather than spending the whole budget on one try.
struct HttpOptions {
  std::chrono::milliseconds connect_timeout{5000};  // TCP and TLS handshake
  // No byte for this long: the attempt is abandoned. Twice the Kubernetes SLO for a namespaced
  // LIST (p99 under 5 s), far above a GET's or PATCH's (1 s); whole seconds (curl's unit).
  std::chrono::seconds stall_timeout{10};
  // The whole attempt, for a body that keeps trickling in: a 500-item LIST page of large
  // objects still has time at a slow link's pace.
  std::chrono::milliseconds request_timeout{120000};
  RetryPolicy retry;
  size_t max_body_bytes = size_t{1} << 30;  // a LIST page past 1 GiB is an attack or a bug
  // Requests per second and burst of the client-side limit (rate_limiter.h); qps <= 0: none.
  // client-go's defaults (5, 10) would make a large read crawl; kubectl uses 50 and 300.
  double qps = 50;
  int burst = 100;
  // Called once per attempt with one line ("GET /api/v1/... -> 200 OK in 12 ms"), for -v:
  // method, path and query, the answer's status or transport failure, the time, and the
  // retry that follows. Never a header or a body. Called from the requesting thread.
  std::function<void(const std::string&)> trace;
};

// Takes the body of a 2xx answer as it arrives, instead of HttpResponse::body: a LIST page is
// read item by item (list_page_cutter.h) rather than held whole. Any other answer's body is
// still collected, for its error.
class BodySink {
 public:
  virtual ~BodySink() = default;
  // Before each attempt: a retried request starts the body over.
  virtual void start() = 0;
  // The next bytes; false stops the transfer, which then fails without a retry (the sink
  // knows why).
  virtual bool take(std::string_view bytes) = 0;
};

class HttpClient {
 public:
  static Result<std::shared_ptr<HttpClient>> create(const ClusterConfig& config, HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // A 2xx response, or the error after the retry policy gave up. Thread-safe.
  std::expected<HttpResponse, ApiError> send(const HttpRequest& request) const;
  // The same, with a 2xx body given to `sink` as it arrives (the response's body stays empty).
  std::expected<HttpResponse, ApiError> send(const HttpRequest& request, BodySink& sink) const;

  // Whether the API server answers at all right now (any HTTP status counts): one GET /version,
  // never retried, for a caller that waits out an outage. Thread-safe.
  bool answers() const;

  const std::string& server() const;
  const std::string& ca_pem() const;  // the CA the kubeconfig trusts; empty: the system's roots

  // The credentials learned since connecting (exec plugin tokens, token file contents). Thread-safe.
  std::vector<std::string> credentials_seen() const;

 private:
  struct Impl;
  explicit HttpClient(std::unique_ptr<Impl> impl);
  std::expected<HttpResponse, ApiError> send(const HttpRequest& request, BodySink* sink) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace synops::kube
