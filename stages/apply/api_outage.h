// Rollback's patience with an API server that went away. A request already retries for its
// own budget (adapters/kubernetes/retry_policy.h, 30 s); a restarting control plane can take
// minutes, and a rollback that gives up on one undo and goes on with the next leaves the
// versions mixed. So when a rollback's call fails and the API server does not answer at all,
// the rollback says so, waits for it up to a bound, and makes the call again.
//
// The Lease cannot be renewed while the API server is away. That is safe: the next write
// confirms the Lease first (fencing), so a run whose Lease another apply took over after a
// long outage stops there instead of writing.
#pragma once
#include <chrono>
#include <functional>
#include <string>

#include "domain/apply_kit/actuation_context.h"

namespace synops::apply {

// 5 min, or SYNOPS_API_WAIT_SECONDS when set (tests use a few seconds; cli/ has no flag yet).
std::chrono::seconds api_wait_bound();

class ApiOutageWait {
 public:
  ApiOutageWait(ActuationContext& context, std::chrono::seconds bound) : context_(context), bound_(bound) {}

  // `call`, made again each time it failed while the API server did not answer and came back
  // within the bound. Once the bound has passed (or on Ctrl-C), the last failure comes back
  // with the reason, and gave_up() is true.
  Result<bool> call(const std::function<Result<bool>()>& call);
  bool gave_up() const { return gave_up_; }

 private:
  bool wait_for_api();

  ActuationContext& context_;
  std::chrono::seconds bound_;
  bool gave_up_ = false;
};

}  // namespace synops::apply
