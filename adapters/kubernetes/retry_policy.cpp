#include "retry_policy.h"

#include <algorithm>
#include <charconv>

namespace synops::kube {

bool retryable_status(long status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view header) {
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  while (!header.empty() && (header.back() == ' ' || header.back() == '\r' || header.back() == '\n')) header.remove_suffix(1);
  long seconds = 0;
  const auto [end, error] = std::from_chars(header.data(), header.data() + header.size(), seconds);
  if (error != std::errc() || end != header.data() + header.size() || seconds < 0) return std::nullopt;
  return std::chrono::seconds(std::min(seconds, 3600L));
}

std::chrono::milliseconds backoff_delay(const RetryPolicy& policy, int retry, std::optional<std::chrono::seconds> retry_after,
                                        double random01) {
  const int doublings = std::clamp(retry - 1, 0, 30);
  const auto step = std::min(policy.cap.count(), policy.base.count() << std::min(doublings, 20));
  const auto jittered = std::chrono::milliseconds(step / 2 + static_cast<long>(static_cast<double>(step / 2) * random01));
  if (!retry_after) return jittered;
  // The server said when; add a little spread so a crowd told "1 s" does not return at once.
  const auto asked = std::chrono::duration_cast<std::chrono::milliseconds>(*retry_after);
  return asked + std::chrono::milliseconds(static_cast<long>(static_cast<double>(asked.count()) * 0.1 * random01));
}

std::optional<std::chrono::milliseconds> next_retry(const RetryPolicy& policy, FailureKind kind, int attempt,
                                                    std::chrono::milliseconds elapsed,
                                                    std::optional<std::chrono::seconds> retry_after, double random01) {
  if (kind == FailureKind::answer && attempt >= policy.max_attempts) return std::nullopt;
  const auto wait = backoff_delay(policy, attempt, retry_after, random01);
  if (elapsed + wait > policy.total) return std::nullopt;
  return wait;
}

}  // namespace synops::kube
