#include "rate_limiter.h"

#include <algorithm>
#include <thread>

namespace synops::kube {

RateLimiter::RateLimiter(double qps, int burst)
    : qps_(qps), burst_(std::max(1, burst)), tokens_(std::max(1, burst)), refilled_(Clock::now()) {}

void RateLimiter::acquire() {
  Clock::time_point send_at;
  {
    const std::lock_guard lock(mutex_);
    const auto now = Clock::now();
    send_at = std::max(now, held_until_);
    if (qps_ > 0) {
      tokens_ = std::min(burst_, tokens_ + std::chrono::duration<double>(now - refilled_).count() * qps_);
      refilled_ = now;
      tokens_ -= 1;  // reserve a token now, so concurrent waiters take the next slots in turn
      if (tokens_ < 0)
        send_at = std::max(send_at, now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(-tokens_ / qps_)));
    }
  }
  std::this_thread::sleep_until(send_at);
}

void RateLimiter::hold_until(Clock::time_point until) {
  const std::lock_guard lock(mutex_);
  held_until_ = std::max(held_until_, until);
}

}  // namespace synops::kube
