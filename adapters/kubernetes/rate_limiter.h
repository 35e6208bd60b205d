// Client-side request rate limit, shared by every thread of one client: a token bucket of
// `burst` requests refilled at `qps` per second, as client-go has. Every request takes a
// token, retries included, so synops never floods an API server that is already struggling.
// A 429 with Retry-After holds every request of the client, not only the one refused: the
// server asked the client to wait, and no request may go out earlier.
#pragma once
#include <chrono>
#include <mutex>

namespace synops::kube {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // qps <= 0: no limit.
  RateLimiter(double qps, int burst);

  // Blocks until this request may be sent.
  void acquire();
  // No request is sent before `until`.
  void hold_until(Clock::time_point until);

 private:
  std::mutex mutex_;
  double qps_;
  double burst_;
  double tokens_;           // may go negative: requests waiting for a slot reserve it
  Clock::time_point refilled_;
  Clock::time_point held_until_;
};

}  // namespace synops::kube
