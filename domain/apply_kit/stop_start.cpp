#include "stop_start.h"

#include <chrono>

#include <fmt/format.h>

#include "adapters/kubernetes/kinds.h"
#include "adapters/kubernetes/restart_annotation.h"
#include "engine/json_pointer.h"
#include "guarded_patch.h"
#include "object_fields.h"
#include "object_update.h"
#include "step_wait.h"
#include "workload_pods.h"

namespace synops::apply {

namespace {

using Clock = std::chrono::steady_clock;

const FieldPath kReplicas{"/spec/replicas", ""};

Result<bool> scale(const ActuationContext& context, const ObjectRef& target, std::int64_t from, std::int64_t to) {
  auto written = guarded_write(context.client, target, {{kReplicas, from}}, {{kReplicas, to}});
  if (!written) return std::unexpected(written.error());
  return true;
}

std::string pod_names(const std::vector<LiveObject>& pods) {
  std::string names;
  for (const auto& pod : pods) names += (names.empty() ? "" : ", ") + pod.ref.name;
  return names;
}

// Whether the workload's controller has seen the scale to 0 and counts no pod of its own: an
// empty pod list read before it acted proves nothing (the pods may be about to be listed).
bool controller_counts_none(const nlohmann::json& workload) {
  const nlohmann::json generation = value_at(workload, "/metadata/generation");
  const nlohmann::json observed = value_at(workload, "/status/observedGeneration");
  const nlohmann::json replicas = value_at(workload, "/status/replicas");
  const bool seen = !generation.is_number_integer() || (observed.is_number_integer() && observed.get<std::int64_t>() >= generation.get<std::int64_t>());
  return seen && (!replicas.is_number_integer() || replicas.get<std::int64_t>() == 0);
}

}  // namespace

Result<bool> wait_until_stopped(ActuationContext& context, const ObjectRef& target, const std::string& label) {
  const auto timeout = context.options.wait_timeout.value_or(wait_timeout_for(target.kind));
  const auto start = Clock::now();
  size_t last_count = SIZE_MAX;
  for (;;) {
    auto live = read_live(context, target);
    if (!live) return std::unexpected(live.error());
    auto pods = pods_of(context, *live);
    if (!pods) return std::unexpected(pods.error());
    if (pods->empty() && controller_counts_none(live->body.json())) return true;
    const auto waited = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - start);
    if (waited > timeout)
      return fail(fmt::format("{} still has {} pod(s) ({}) {}s after it was scaled to 0: the new ones are not started while "
                              "old ones run",
                              kube::describe(target), pods->size(), pod_names(*pods), timeout.count()));
    if (pods->size() != last_count) {
      context.progress(fmt::format("{} — stopping: {} pod(s) still run ({}) ({}s)", label, pods->size(), pod_names(*pods),
                                   waited.count()));
      last_count = pods->size();
    }
    if (auto renewed = context.renew_lock(); !renewed) return renewed;
    if (!sleep_unless_interrupted(context.options.poll_interval))
      return fail("interrupted while waiting for the pods of " + kube::describe(target) + " to stop");
  }
}

namespace {

// The values of the before-image's fields ("fields": [{path, before, after}]), one side.
std::vector<FieldValue> recorded_fields(const nlohmann::json& before, const char* side) {
  std::vector<FieldValue> fields;
  for (const auto& field : before.value("fields", nlohmann::json::array()))
    fields.push_back({FieldPath::parse(field.value("path", "")), field.value(side, nlohmann::json())});
  return fields;
}

// Whether the inner step's change is live: its fields hold their after-values (an update), or
// the template carries its restart stamp (a restart).
Result<bool> inner_change_live(const nlohmann::json& before, const nlohmann::json& live) {
  if (before.contains("fields")) return fields_hold(live, recorded_fields(before, "after"));
  const nlohmann::json stamp = value_at(live, pointer_join("/spec/template/metadata/annotations", kube::kRestartedAtAnnotation));
  return before.contains("stamp") && stamp == before.at("stamp");
}

std::int64_t recorded_replicas(const nlohmann::json& before) { return before.value("replicas", std::int64_t{0}); }

}  // namespace

std::int64_t workload_replicas(const nlohmann::json& workload) {
  const nlohmann::json replicas = value_at(workload, "/spec/replicas");
  return replicas.is_number_integer() ? replicas.get<std::int64_t>() : 1;
}

Result<bool> stop_change_start(ActuationContext& context, const StopStart& run, const std::function<Result<bool>()>& change,
                               const std::function<Result<bool>(const nlohmann::json& live)>& change_is_live) {
  auto live = read_live(context, run.target);
  if (!live) return std::unexpected(live.error());
  const std::int64_t now = workload_replicas(live->body.json());
  auto done = change_is_live(live->body.json());
  if (!done) return std::unexpected(done.error());
  if (*done && now == run.replicas) return true;
  if (now != 0) {
    if (now != run.replicas)
      return fail(fmt::format("{} changed since plan: it runs {} replicas, the step recorded {} before stopping it",
                              kube::describe(run.target), now, run.replicas));
    context.progress(fmt::format("{} — scale to 0: every pod stops before one of the new ones starts", run.label));
    if (auto stopped = scale(context, run.target, now, 0); !stopped) return stopped;
  }
  if (auto gone = wait_until_stopped(context, run.target, run.label); !gone) return gone;
  if (auto changed = change(); !changed) return changed;
  if (run.replicas == 0) return true;
  context.progress(fmt::format("{} — no pod runs: scale back to {}", run.label, run.replicas));
  return scale(context, run.target, 0, run.replicas);
}

Result<bool> start_again(ActuationContext& context, const ObjectRef& target, std::int64_t replicas) {
  auto live = read_live(context, target);
  if (!live) return std::unexpected(live.error());
  if (workload_replicas(live->body.json()) != 0 || replicas == 0) return true;
  context.progress(fmt::format("undo — scale {} back to {}: the stop-start was cut short", target.str(), replicas));
  return scale(context, target, 0, replicas);
}

std::optional<std::string> StopStartTogether::refusal(const Action& action) const {
  if (auto refused = inner_.refusal(action)) return refused;
  if (action.target.kind != "Deployment" && action.target.kind != "StatefulSet")
    return "apply can stop and start together only a Deployment or StatefulSet, not " + action.target.str();
  for (const auto& change : action.changes)
    if (change.path.pointer == kReplicas.pointer)
      return "apply cannot stop and start " + action.target.str() + " together in a step that also changes its replicas";
  return std::nullopt;
}

bool StopStartTogether::writes_cluster() const { return true; }

Result<nlohmann::json> StopStartTogether::before_image(ActuationContext& context, const Action& action) const {
  auto image = inner_.before_image(context, action);
  if (!image) return image;
  auto live = read_live(context, action.target);
  if (!live) return std::unexpected(live.error());
  (*image)["replicas"] = workload_replicas(live->body.json());
  return image;
}

Result<nlohmann::json> StopStartTogether::act(ActuationContext& context, const StepRun& step) const {
  nlohmann::json result = {{"already_live", true}};
  const auto change = [&]() -> Result<bool> {
    auto acted = inner_.act(context, step);
    if (!acted) return std::unexpected(acted.error());
    result = *acted;
    return true;
  };
  const auto change_is_live = [&](const nlohmann::json& live) { return inner_change_live(step.before, live); };
  const StopStart run{step.action.target, recorded_replicas(step.before), step.label};
  if (auto done = stop_change_start(context, run, change, change_is_live); !done) return std::unexpected(done.error());
  result["stopped_together"] = true;
  return result;
}

bool StopStartTogether::has_undo() const { return true; }

Result<bool> StopStartTogether::undo(ActuationContext& context, const BegunStep& step) const {
  const std::int64_t replicas = recorded_replicas(step.before);
  if (!inner_.has_undo()) return start_again(context, step.action.target, replicas);
  const auto restore = [&] { return inner_.undo(context, step); };
  const auto restored = [&](const nlohmann::json& live) { return fields_hold(live, recorded_fields(step.before, "before")); };
  const std::string label = "undo " + step.action.id;
  return stop_change_start(context, StopStart{step.action.target, replicas, label}, restore, restored);
}

Result<bool> StopStartTogether::crossed_point_of_no_return(ActuationContext& context, const BegunStep& step) const {
  return inner_.crossed_point_of_no_return(context, step);
}

std::vector<std::string> StopStartTogether::after_undo(ActuationContext& context, const std::vector<BegunStep>& mine,
                                                       const std::vector<Touched>& touched) const {
  return inner_.after_undo(context, mine, touched);
}

std::optional<ObjectRef> StopStartTogether::settles(const Action& action) const { return inner_.settles(action); }

Result<bool> StopStartTogether::verify(ActuationContext& context, const Action& action) const {
  return inner_.verify(context, action);
}

}  // namespace synops::apply
