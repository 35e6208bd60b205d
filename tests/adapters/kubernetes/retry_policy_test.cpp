// The retry policy's schedule on a clock of the test's own: attempts that cost what a refused
// connection, a hung request or a 503 costs, and the waits next_retry gives between them.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "adapters/kubernetes/retry_policy.h"

using namespace synops::kube;
using std::chrono::milliseconds;

namespace {

// When each attempt starts, for attempts that each fail after `cost` with `kind`.
std::vector<milliseconds> schedule(const RetryPolicy& policy, FailureKind kind, milliseconds cost, double random01 = 0.5) {
  std::vector<milliseconds> starts;
  milliseconds now{0};
  for (int attempt = 1;; ++attempt) {
    starts.push_back(now);
    now += cost;
    const auto wait = next_retry(policy, kind, attempt, now, std::nullopt, random01);
    if (!wait) return starts;
    CHECK(*wait <= policy.cap);
    now += *wait;
  }
}

}  // namespace

TEST_CASE("retry policy: refused connections are retried across the whole 30 s budget, not a count") {
  const RetryPolicy policy;  // the defaults synops runs with
  for (double random01 : {0.0, 0.5, 0.999}) {
    CAPTURE(random01);
    const auto starts = schedule(policy, FailureKind::no_answer, milliseconds(1));
    CHECK(starts.size() > 15);                      // far past max_attempts
    CHECK(starts.back() > milliseconds(27000));     // the last try is within one capped wait of the end
    CHECK(starts.back() <= policy.total);           // and none starts after it
  }
  // A 10 s outage: a try starts within 2 s (the cap) of the API server's return.
  const auto starts = schedule(policy, FailureKind::no_answer, milliseconds(1));
  const auto after = std::ranges::find_if(starts, [](milliseconds at) { return at >= milliseconds(10000); });
  REQUIRE(after != starts.end());
  CHECK(*after <= milliseconds(12000));
}

TEST_CASE("retry policy: a request that hangs until the stall timeout is tried three times in the budget") {
  const auto starts = schedule(RetryPolicy{}, FailureKind::no_answer, milliseconds(10000));
  REQUIRE(starts.size() == 3);
  CHECK(starts[1] > milliseconds(10000));
  CHECK(starts[2] < milliseconds(21000));
}

TEST_CASE("retry policy: answers (429, 5xx) keep their attempt limit, inside the time budget") {
  CHECK(schedule(RetryPolicy{}, FailureKind::answer, milliseconds(5)).size() == 5);
  RetryPolicy short_budget;
  short_budget.total = milliseconds(250);
  CHECK(schedule(short_budget, FailureKind::answer, milliseconds(5)).size() < 5);
  // A Retry-After past the budget ends the retries now rather than sleeping past it.
  CHECK_FALSE(next_retry(RetryPolicy{}, FailureKind::answer, 1, milliseconds(1000), std::chrono::seconds(60), 0.0));
  CHECK(next_retry(RetryPolicy{}, FailureKind::answer, 1, milliseconds(1000), std::chrono::seconds(3), 0.0) == milliseconds(3000));
}

TEST_CASE("retry policy: a zero budget means one attempt, whatever the failure") {
  RetryPolicy once;
  once.total = milliseconds(0);
  CHECK_FALSE(next_retry(once, FailureKind::no_answer, 1, milliseconds(0), std::nullopt, 0.0));
  CHECK_FALSE(next_retry(once, FailureKind::answer, 1, milliseconds(0), std::nullopt, 0.0));
}
