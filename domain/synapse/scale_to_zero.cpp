#include "scale_to_zero.h"

#include <fmt/format.h>

#include "adapters/kubernetes/kinds.h"
#include "domain/apply_kit/guarded_patch.h"
#include "domain/apply_kit/object_update.h"
#include "domain/apply_kit/step_wait.h"
#include "domain/apply_kit/stop_start.h"
#include "engine/json_pointer.h"

namespace synops::apply {

namespace {

const FieldPath kReplicaCount{"/spec/replicas", ""};
const FieldPath kRecorded{pointer_join("/metadata/annotations", kReplicasBeforeMaintenance), ""};

// The count recorded when the workload was stopped; nothing when it is not stopped by
// maintenance mode. A value that is not a count is an error naming the workload.
Result<std::optional<std::int64_t>> recorded_count(const LiveObject& workload) {
  const nlohmann::json recorded = value_at(workload.body.json(), kRecorded.pointer);
  if (recorded.is_null()) return std::optional<std::int64_t>();
  try {
    size_t used = 0;
    const std::string text = recorded.is_string() ? recorded.get<std::string>() : recorded.dump();
    const std::int64_t count = std::stoll(text, &used);
    if (used == text.size() && count >= 0) return std::optional<std::int64_t>(count);
  } catch (const std::exception&) {
  }
  return fail(fmt::format("{} has annotation {}={}, which is not a replica count; set spec.replicas by hand and remove it",
                          kube::describe(workload.ref), kReplicasBeforeMaintenance, recorded.dump()));
}

Result<bool> stop(ActuationContext& context, const ObjectRef& workload, const std::string& label) {
  auto live = read_live(context, workload);
  if (!live) return std::unexpected(live.error());
  auto recorded = recorded_count(*live);
  if (!recorded) return std::unexpected(recorded.error());
  if (*recorded) return true;  // stopped by this maintenance mode already (a run resumed)
  const std::int64_t replicas = workload_replicas(live->body.json());
  context.progress(fmt::format("{} — record {} replica(s) of {} and scale it to 0", label, replicas, workload.str()));
  auto written = guarded_write(context.client, workload, {{kReplicaCount, replicas}, {kRecorded, nullptr}},
                               {{kReplicaCount, 0}, {kRecorded, std::to_string(replicas)}});
  if (!written) return std::unexpected(written.error());
  return true;
}

// Scales one workload back to its recorded count; false when maintenance mode had not
// stopped it (nothing to do).
Result<bool> start(ActuationContext& context, const ObjectRef& workload, const std::string& label) {
  auto live = read_live(context, workload);
  if (!live) return std::unexpected(live.error());
  auto recorded = recorded_count(*live);
  if (!recorded) return std::unexpected(recorded.error());
  if (!*recorded) return false;
  const std::string count = std::to_string(**recorded);
  context.progress(fmt::format("{} — scale {} back to its recorded {} replica(s)", label, workload.str(), count));
  auto written = guarded_write(context.client, workload, {{kReplicaCount, 0}, {kRecorded, count}}, {{kReplicaCount, **recorded}, {kRecorded, nullptr}});
  if (!written) return std::unexpected(written.error());
  return true;
}

}  // namespace

Result<bool> stop_synapse(ActuationContext& context, const Action& action, const std::string& label) {
  for (auto workload = action.workloads.rbegin(); workload != action.workloads.rend(); ++workload)
    if (auto stopped = stop(context, *workload, label); !stopped) return stopped;
  for (auto workload = action.workloads.rbegin(); workload != action.workloads.rend(); ++workload)
    if (auto gone = wait_until_stopped(context, *workload, label); !gone) return gone;
  return true;
}

// Main first, ready before any other starts; then the others, all at once, each then waited for.
Result<bool> start_synapse(ActuationContext& context, const Action& action, const std::string& label) {
  if (action.workloads.empty()) return true;
  const ObjectRef& main = action.workloads.front();
  if (auto started = start(context, main, label); !started) return started;
  if (auto ready = wait_until_ready(context, main, label + " — wait " + main.str()); !ready) return ready;
  std::vector<ObjectRef> started;
  for (size_t i = 1; i < action.workloads.size(); ++i) {
    auto begun = start(context, action.workloads[i], label);
    if (!begun) return begun;
    started.push_back(action.workloads[i]);  // also one started by a run that died: it is waited for too
  }
  for (const auto& workload : started)
    if (auto ready = wait_until_ready(context, workload, label + " — wait " + workload.str()); !ready) return ready;
  return true;
}


Result<nlohmann::json> synapse_replicas_now(ActuationContext& context, const Action& action) {
  nlohmann::json workloads = nlohmann::json::array();
  for (const auto& workload : action.workloads) {
    auto live = read_live(context, workload);
    if (!live) return std::unexpected(live.error());
    auto recorded = recorded_count(*live);
    if (!recorded) return std::unexpected(recorded.error());
    nlohmann::json entry = {{"kind", workload.kind}, {"name", workload.name}, {"replicas", workload_replicas(live->body.json())}};
    if (*recorded) entry["recorded"] = **recorded;
    workloads.push_back(std::move(entry));
  }
  return workloads;
}

}  // namespace synops::apply
