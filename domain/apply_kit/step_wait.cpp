#include "step_wait.h"

#include <thread>

#include <fmt/format.h>

#include "interrupt.h"
#include "workload_pods.h"
#include "adapters/kubernetes/json_fields.h"
#include "adapters/kubernetes/readiness.h"

namespace synops::apply {

namespace {

using Clock = std::chrono::steady_clock;

long seconds_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - start).count();
}

// Until the workload's controller reports the object's generation it has made no pod of the
// new template, so there is none to be stuck yet. The first poll after a patch nearly always
// comes that early: skipping its LIST of the workload's pods spares the API server a request
// per wait (and apply a quarter of its own CPU, bench/apply_overhead).
bool controller_saw_generation(const nlohmann::json& workload) {
  const std::int64_t observed = kube::int_at(workload, {"status", "observedGeneration"}).value_or(0);
  return observed > 0 && observed >= kube::int_at(workload, {"metadata", "generation"}).value_or(0);
}

// A pod of the new template in a crash loop or unable to pull its image never becomes ready:
// the wait ends now, not at its timeout (10 min), so rollback starts while little has moved.
Result<std::optional<std::string>> stuck_pod(const ActuationContext& context, const LiveObject& workload) {
  if (workload.ref.kind != "Deployment" && workload.ref.kind != "StatefulSet") return std::optional<std::string>{};
  if (!controller_saw_generation(workload.body.json())) return std::optional<std::string>{};
  return stuck_template_pod(context, workload);
}

}  // namespace

std::chrono::seconds wait_timeout_for(const std::string& kind) {
  if (kind == "Deployment" || kind == "StatefulSet") return std::chrono::minutes(10);
  if (kind == "Cluster" || kind == "Tenant") return std::chrono::minutes(30);
  return std::chrono::minutes(5);
}

bool sleep_unless_interrupted(std::chrono::milliseconds duration) {
  const auto until = Clock::now() + duration;
  while (Clock::now() < until) {
    if (interrupted()) return false;
    std::this_thread::sleep_for(std::min<Clock::duration>(until - Clock::now(), std::chrono::milliseconds(50)));
  }
  return !interrupted();
}

Result<bool> wait_until_ready(ActuationContext& context, const ObjectRef& ref, const std::string& label) {
  const auto timeout = context.options.wait_timeout.value_or(wait_timeout_for(ref.kind));
  const auto start = Clock::now();
  auto last_report = start - std::chrono::hours(1);
  std::string last_message;
  for (;;) {
    auto object = context.client.get(ref);
    if (!object) return std::unexpected(object.error());
    if (!*object) return fail(kube::describe(ref) + " does not exist");
    const kube::Readiness ready = kube::readiness((*object)->body.json());
    if (ready.ready) return true;
    if (ready.failed) return fail(kube::describe(ref) + " failed to roll out: " + ready.message);
    if (auto stuck = stuck_pod(context, **object); !stuck || *stuck)
      return stuck ? fail(kube::describe(ref) + " cannot roll out: " + **stuck) : std::unexpected(stuck.error());
    if (Clock::now() - start > timeout)
      return fail(fmt::format("{} was not ready after {}s: {}", kube::describe(ref), timeout.count(), ready.message));
    if (ready.message != last_message || Clock::now() - last_report > std::chrono::seconds(10)) {
      context.progress(fmt::format("{} — {} ({}s)", label, ready.message.empty() ? "waiting until ready" : ready.message,
                                   seconds_since(start)));
      last_message = ready.message;
      last_report = Clock::now();
    }
    if (auto renewed = context.renew_lock(); !renewed) return renewed;
    if (!sleep_unless_interrupted(context.options.poll_interval)) return fail("interrupted while waiting for " + kube::describe(ref));
  }
}

Result<bool> pause_for(ActuationContext& context, std::chrono::seconds pause, const std::string& label) {
  context.progress(fmt::format("{} — pausing {}s before the next scale-down step", label, pause.count()));
  const auto until = Clock::now() + pause;
  while (Clock::now() < until) {
    if (auto renewed = context.renew_lock(); !renewed) return renewed;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    if (!sleep_unless_interrupted(std::min(left, std::chrono::milliseconds(1000)))) return fail("interrupted during a pause");
  }
  return true;
}

}  // namespace synops::apply
