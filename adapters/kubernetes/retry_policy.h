// When to try a request again and how long to wait first. The API server sheds load with
// 429 (and says when to come back in Retry-After) and answers 5xx while an etcd leader moves;
// other 4xx are answers about the request itself and never change on a retry.
#pragma once
#include <chrono>
#include <optional>
#include <string_view>

namespace synops::kube {

struct RetryPolicy {
  int max_attempts = 5;                   // including the first
  std::chrono::milliseconds base{200};    // first wait; doubles each retry
  std::chrono::milliseconds cap{5000};    // no single wait is longer (except Retry-After)
  std::chrono::milliseconds total{30000}; // no retry starts after this much time has passed
};

bool retryable_status(long status);

// Delta-seconds form only; the API server never sends an HTTP date.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view header);

// The wait before retry number `retry` (1 = the first retry): "equal jitter", a random point in
// the upper half of the exponential step, so clients that failed together do not retry
// together; never shorter than Retry-After. `random01` is uniform in [0, 1).
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, std::optional<std::chrono::seconds> retry_after,
                                        double random01);

}  // namespace synops::kube
