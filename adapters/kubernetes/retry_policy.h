// When to try a request again and how long to wait first. Two kinds of failure, two limits:
//  - an answer (429, 5xx): the API server sheds load with 429 (and says when to come back in
//    Retry-After) and answers 5xx while an etcd leader moves; a few attempts settle those, and
//    other 4xx are answers about the request itself that never change on a retry;
//  - no answer (a refused or reset connection, a name that does not resolve, a TLS handshake
//    or a request that hangs): the API server is restarting or out of reach, which takes
//    seconds to tens of seconds, so these are retried for the whole time budget, however many
//    attempts that takes. Whether a request may be sent again at all is the caller's rule.
#pragma once
#include <chrono>
#include <optional>
#include <string_view>

namespace synops::kube {

struct RetryPolicy {
  int max_attempts = 5;                   // for answers (429, 5xx), including the first
  std::chrono::milliseconds base{200};    // first wait; doubles each retry
  std::chrono::milliseconds cap{2000};    // no single wait is longer (except Retry-After): an API
                                          // server that is back is used within 2 s
  std::chrono::milliseconds total{30000}; // no retry starts after this much time has passed
};

// What went wrong with one attempt, as far as the retry policy cares.
enum class FailureKind { answer, no_answer };

bool retryable_status(long status);

// Delta-seconds form only; the API server never sends an HTTP date.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view header);

// The wait before retry number `retry` (1 = the first retry): "equal jitter", a random point in
// the upper half of the exponential step, so clients that failed together do not retry
// together; never shorter than Retry-After. `random01` is uniform in [0, 1).
std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, std::optional<std::chrono::seconds> retry_after,
                                        double random01);

// The wait before the next attempt after `attempt` attempts failed (the last with `kind`),
// `elapsed` after the first began; nullopt when the policy gives up: an answer after
// max_attempts, or any retry that would start past the time budget. Pure, so that tests can
// run a schedule on a clock of their own.
std::optional<std::chrono::milliseconds> next_retry(const RetryPolicy& policy, FailureKind kind, int attempt,
                                                    std::chrono::milliseconds elapsed,
                                                    std::optional<std::chrono::seconds> retry_after, double random01);

}  // namespace synops::kube
