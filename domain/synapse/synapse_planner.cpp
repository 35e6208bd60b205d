#include "synapse_planner.h"

#include <fmt/format.h>

#include <cmath>

#include "homeserver_changes.h"
#include "domain/planning_kit/hpa.h"
#include "domain/planning_kit/live_lookup.h"
#include "domain/planning_kit/quantity.h"
#include "domain/planning_kit/update_and_wait.h"
#include "synapse_ordering.h"
#include "synapse_refusals.h"
#include "synapse_topology.h"
#include "synapse_version.h"
#include "engine/diff.h"
#include "engine/json_pointer.h"

namespace synops {

namespace {

struct ResolvedWorkload {
  SynapseWorkload workload;
  const LiveObject* live = nullptr;
  int container = -1;
  const LiveObject* hpa = nullptr;
  std::int64_t live_replicas = 1;
  std::int64_t desired_replicas = 1;
  bool reads_config = false;

  const ObjectRef& ref() const { return live->ref; }
};

std::string step_key(const char* verb, const ObjectRef& ref, const std::string& suffix = "") {
  return std::string(verb) + " " + ref.str() + (suffix.empty() ? "" : " " + suffix);
}

// The HorizontalPodAutoscaler synops creates for a pool with `hpa:` is named after the workload.
ObjectRef created_hpa_ref(const ObjectRef& workload) { return {"HorizontalPodAutoscaler", workload.ns, workload.name}; }

std::optional<ResolvedWorkload> resolve(const SynapseWorkload& workload, const Desired& desired, const LiveState& live,
                                        const HpaTargets& hpas, Diagnostics& problems) {
  ResolvedWorkload out{workload};
  out.live = require_live(live, workload.object(desired.ns.value), workload.ref->at, problems);
  if (!out.live) return std::nullopt;
  out.container = require_container(*out.live, workload.ref->container, workload.ref->at, problems);
  if (out.container < 0) return std::nullopt;
  out.hpa = hpas.find(out.live->ref);
  const auto replicas = live_replicas(*out.live, workload.ref->at, problems);
  const std::string image = fmt::format("/spec/template/spec/containers/{}/image", out.container);
  if (!replicas || !live_string_or_absent(*out.live, image, workload.ref->at, problems)) return std::nullopt;
  out.live_replicas = *replicas;
  out.desired_replicas = out.live_replicas;
  if (workload.pool && workload.pool->replicas && !out.hpa) out.desired_replicas = workload.pool->replicas->value;
  if (desired.synapse.config_map) out.reads_config = mounts_config_map(*out.live, desired.synapse.config_map->value);
  return out;
}

class SynapseStepBuilder {
 public:
  SynapseStepBuilder(const Desired& desired, SynapsePlan& out) : desired_(desired), out_(out) {}

  void add_workload(const ResolvedWorkload& w, bool config_changed, Risk config_risk, bool senders_restart_together);
  void add_config_update(const LiveObject& config_map, std::vector<Change> changes, Risk risk, bool derived);
  void add_hpa_bounds(const ResolvedWorkload& w);
  void add_hpa(const ResolvedWorkload& w);
  void finish();
  // main's image goes to an older release: {from, to, where the manifests say so}.
  struct Downgrade {
    std::string from, to;
    SourcePosition at;
  };
  const std::optional<Downgrade>& downgrade() const { return downgrade_; }

 private:
  Action& add(ActionType type, std::string key, const ObjectRef& target, Risk risk, std::string reason);
  StepAndWait add_with_wait(ActionType type, const std::string& suffix, const ObjectRef& target, Risk risk,
                            std::string reason, std::vector<Change> changes,
                            std::optional<RestartMode> restart = std::nullopt);
  std::optional<Change> image_change(const ResolvedWorkload& w) const;
  std::vector<Change> resources_changes(const ResolvedWorkload& w) const;
  Change replicas_change(const ResolvedWorkload& w, std::int64_t before, std::int64_t after) const;
  void add_scale(const ResolvedWorkload& w, std::optional<std::string> roll_wait);
  void add_gradual_scale_down(const ResolvedWorkload& w, std::optional<std::string> roll_wait);

  const Desired& desired_;
  SynapsePlan& out_;
  SynapseSteps steps_;
  std::string upgraded_to_;
  std::optional<Downgrade> downgrade_;
};

std::string image_step_reason(const ResolvedWorkload& w, bool downgrade) {
  const std::string verb = downgrade ? "downgrade" : "upgrade";
  if (w.workload.role == SynapseRole::main)
    return downgrade ? "downgrade main first, as the guide's rollback does (§2.1): an older Synapse refuses to start on a "
                       "database schema newer than it supports (§8.1)"
                     : "upgrade main first: it migrates the database schema (§2.1)";
  if (w.workload.role == SynapseRole::li) return verb + " the LI instance last (§2.1)";
  return verb + " worker pool " + w.workload.label + " after main (§2.1)";
}

Action& SynapseStepBuilder::add(ActionType type, std::string key, const ObjectRef& target, Risk risk, std::string reason) {
  Action action;
  action.key = std::move(key);
  action.type = type;
  action.target = target;
  action.risk = risk;
  action.reason = std::move(reason);
  out_.draft.actions.push_back(std::move(action));
  return out_.draft.actions.back();
}

StepAndWait SynapseStepBuilder::add_with_wait(ActionType type, const std::string& suffix, const ObjectRef& target,
                                              Risk risk, std::string reason, std::vector<Change> changes,
                                              std::optional<RestartMode> restart) {
  const char* verb = type == ActionType::restart ? "restart" : "update";
  StepAndWait keys{step_key(verb, target, suffix), step_key("wait", target, suffix)};
  Action& step = add(type, keys.step, target, risk, std::move(reason));
  step.changes = std::move(changes);
  step.restarts_pods = restart.has_value();
  step.restart_mode = restart;
  add(ActionType::wait, keys.wait, target, risk, wait_reason(target));
  return keys;
}

std::optional<Change> SynapseStepBuilder::image_change(const ResolvedWorkload& w) const {
  const auto& image = *w.workload.image;
  if (!image) return std::nullopt;
  const std::string pointer = fmt::format("/spec/template/spec/containers/{}/image", w.container);
  const nlohmann::json live = value_at(w.live->body, pointer);
  if (live == image->value) return std::nullopt;
  const char* entry = w.workload.role == SynapseRole::main ? "main" : w.workload.role == SynapseRole::li ? "li" : "workers";
  return Change{{pointer, ""}, live, image->value, false, fmt::format("synapse.{}.image in {}", entry, image->at.str()), image->at};
}

// The same quantity written another way (8192Mi, 8Gi) is no change: the API server keeps
// its own spelling, so the plan would otherwise never come out empty.
bool same_quantity(const Change& change) {
  if (!change.before.is_string() || !change.after.is_string()) return false;
  const auto before = quantity_value(change.before.get<std::string>()), after = quantity_value(change.after.get<std::string>());
  // 2000m is 2000 x 0.001 in floating point: equal to 2 within rounding, not exactly.
  return before && after && std::fabs(*before - *after) <= 1e-9L * std::max(std::fabs(*before), std::fabs(*after));
}

// The requests and limits the manifests set, key by key; the ones they leave out stay as
// they are live.
std::vector<Change> SynapseStepBuilder::resources_changes(const ResolvedWorkload& w) const {
  const auto& resources = w.workload.ref->resources;
  if (!resources) return {};
  const std::string pointer = fmt::format("/spec/template/spec/containers/{}/resources", w.container);
  const std::string entry = w.workload.pool ? "synapse.workers." + w.workload.label : "synapse." + w.workload.label;
  const FieldIntent intent{{pointer, ""}, resources->value, Ownership::keys,
                           fmt::format("{}.resources in {}", entry, resources->position_of("").str()), resources->position_of("")};
  std::vector<Change> changes = diff_field(intent, value_at(w.live->body, pointer));
  std::erase_if(changes, same_quantity);
  return changes;
}

Change SynapseStepBuilder::replicas_change(const ResolvedWorkload& w, std::int64_t before, std::int64_t after) const {
  const auto& at = w.workload.pool->replicas->at;
  return Change{{"/spec/replicas", ""}, before, after, false,
                fmt::format("synapse.workers.{}.replicas in {}", w.workload.label, at.str()), at};
}

void SynapseStepBuilder::add_workload(const ResolvedWorkload& w, bool config_changed, Risk config_risk,
                                      bool senders_restart_together) {
  const auto image = image_change(w);
  std::vector<Change> resources = resources_changes(w);
  const bool scale_up = w.desired_replicas > w.live_replicas;
  const bool stop_start = senders_restart_together && w.workload.pool && w.workload.pool->federation_sender;
  const RestartMode restart = stop_start ? RestartMode::stop_start_together : RestartMode::rolling;
  const std::string together =
      stop_start ? "; federation senders stop and start together, or events may be dropped (§9.4): apply scales them to 0, "
                   "waits until no pod runs, then starts the same count" : "";
  std::optional<std::string> roll_wait;
  if (image) {
    upgraded_to_ = version_of_image(image->after.get<std::string>());
    const std::string from = image->before.is_string() ? version_of_image(image->before.get<std::string>()) : "";
    const bool downgrade = older_release(upgraded_to_, from);
    std::vector<Change> changes{*image};
    if (scale_up && !w.workload.sharded()) changes.push_back(replicas_change(w, w.live_replicas, w.desired_replicas));
    changes.insert(changes.end(), resources.begin(), resources.end());
    const bool main = w.workload.role == SynapseRole::main;
    const Risk risk = downgrade && main ? Risk::critical : Risk::medium;
    auto keys = add_with_wait(ActionType::update, "", w.ref(), risk, image_step_reason(w, downgrade) + together,
                              std::move(changes), restart);
    if (main && downgrade) downgrade_ = Downgrade{from, upgraded_to_, image->origin};
    if (main && !downgrade) {
      Action& step = *out_.draft.find(keys.step);
      step.reversible = false;
      step.irreversible_because = "main migrates the database schema on start; the old version may refuse it (§8.1)";
    }
    steps_.rolls.push_back({w.workload.role, keys, w.reads_config});
    roll_wait = keys.wait;
  } else if (!resources.empty()) {
    // A new template restarts the pods, which then read the new homeserver.yaml too.
    const std::string also = config_changed && w.reads_config ? ", which also reads the new homeserver.yaml" : "";
    auto keys = add_with_wait(ActionType::update, "", w.ref(), Risk::medium,
                              "change the resources of " + w.workload.label + ": its pods restart in the guide's order (§3.3)" +
                                  also + together,
                              std::move(resources), restart);
    steps_.rolls.push_back({w.workload.role, keys, w.reads_config});
    roll_wait = keys.wait;
  } else if (config_changed && w.reads_config) {
    auto keys = add_with_wait(ActionType::restart, "", w.ref(), config_risk,
                              "restart to read the new homeserver.yaml: Synapse reads its config only at start (§3.1)" + together,
                              {}, restart);
    steps_.rolls.push_back({w.workload.role, keys, true});
    roll_wait = keys.wait;
  }
  if (!image || w.workload.sharded() || !scale_up) add_scale(w, roll_wait);
}

void SynapseStepBuilder::add_scale(const ResolvedWorkload& w, std::optional<std::string> roll_wait) {
  if (w.desired_replicas == w.live_replicas) return;
  const bool up = w.desired_replicas > w.live_replicas;
  const std::string suffix = fmt::format("replicas {}", w.desired_replicas);
  if (w.workload.sharded()) {
    const std::string why = up ? fmt::format("start the new writers of {} before the config names them (§9.2)", w.workload.label)
                               : fmt::format("stop the writers of {} only after the config dropped them and every process "
                                             "restarted (§9.2)", w.workload.label);
    auto keys = add_with_wait(ActionType::update, suffix, w.ref(), Risk::high, why,
                              {replicas_change(w, w.live_replicas, w.desired_replicas)});
    (up ? steps_.writer_scale_ups : steps_.writer_scale_downs).push_back(keys);
    return;
  }
  if (up) {
    add_with_wait(ActionType::update, suffix, w.ref(), Risk::low,
                  fmt::format("scale {} up in one step (§4.1)", w.workload.label),
                  {replicas_change(w, w.live_replicas, w.desired_replicas)});
    return;
  }
  add_gradual_scale_down(w, std::move(roll_wait));
}

void SynapseStepBuilder::add_gradual_scale_down(const ResolvedWorkload& w, std::optional<std::string> roll_wait) {
  const WorkerPool* pool = w.workload.pool;
  const auto step_size = std::max<std::int64_t>(1, pool ? pool->scale_down_step.value_or(desired_.synapse.scale_down_step)
                                                        : desired_.synapse.scale_down_step);
  const auto pause = pool ? pool->scale_down_pause_seconds.value_or(desired_.synapse.scale_down_pause_seconds)
                          : desired_.synapse.scale_down_pause_seconds;
  GradualScaleDown gradual{std::move(roll_wait), {}, {}};
  for (std::int64_t from = w.live_replicas; from > w.desired_replicas;) {
    const std::int64_t to = std::max(w.desired_replicas, from - step_size);
    if (!gradual.steps.empty()) {
      const std::string pause_key = step_key("pause", w.ref(), fmt::format("before replicas {}", to));
      Action& step = add(ActionType::pause, pause_key, w.ref(), Risk::low,
                         fmt::format("pause {}s and watch the load before the next scale-down step (§4.1)", pause));
      step.pause = std::chrono::seconds(pause);
      gradual.pauses.push_back(pause_key);
    }
    gradual.steps.push_back(add_with_wait(
        ActionType::update, fmt::format("replicas {}", to), w.ref(), Risk::low,
        fmt::format("scale {} down {} -> {} (at most {} a step, §4.1)", w.workload.label, from, to, step_size),
        {replicas_change(w, from, to)}));
    from = to;
  }
  steps_.gradual_scale_downs.push_back(std::move(gradual));
}

void SynapseStepBuilder::add_config_update(const LiveObject& config_map, std::vector<Change> changes, Risk risk, bool derived) {
  const std::string key = step_key("update", config_map.ref);
  Action& action = add(ActionType::update, key, config_map.ref, risk,
                       derived ? "write the new worker layout (instance_map, stream writers, federation senders) and "
                                 "the owned keys into homeserver.yaml; the rest of the file stays as it is"
                               : "change the owned keys of homeserver.yaml; the rest of the file stays as it is");
  action.changes = std::move(changes);
  steps_.config_update = key;
}

void SynapseStepBuilder::add_hpa_bounds(const ResolvedWorkload& w) {
  if (!w.workload.pool || !w.workload.pool->hpa) return;
  if (!w.hpa) return add_hpa(w);
  const auto& bounds = *w.workload.pool->hpa;
  std::vector<Change> changes;
  auto bound = [&](const char* field, const Located<std::int64_t>& wanted) {
    const nlohmann::json live = value_at(w.hpa->body, std::string("/spec/") + field);
    if (live != wanted.value)
      changes.push_back({{std::string("/spec/") + field, ""}, live, wanted.value, false,
                         fmt::format("synapse.workers.{}.hpa.{} in {}", w.workload.label, field, wanted.at.str()), wanted.at});
  };
  bound("minReplicas", bounds.min_replicas);
  bound("maxReplicas", bounds.max_replicas);
  if (changes.empty()) return;
  Action& action = add(ActionType::update, step_key("update", w.hpa->ref), w.hpa->ref, Risk::low,
                       "the HorizontalPodAutoscaler owns the replicas of " + w.ref().str() + "; change its bounds");
  action.changes = std::move(changes);
}

// A pool given `hpa:` that no HorizontalPodAutoscaler scales yet: one is created, named after
// the workload. It sets no metrics, so the API server gives it its default: 80% average CPU
// utilization of the pods' requests.
void SynapseStepBuilder::add_hpa(const ResolvedWorkload& w) {
  const HpaBounds& bounds = *w.workload.pool->hpa;
  const ObjectRef ref = created_hpa_ref(w.ref());
  const std::string entry = "synapse.workers." + w.workload.label + ".hpa";
  const nlohmann::json target = {{"apiVersion", "apps/v1"}, {"kind", w.ref().kind}, {"name", w.ref().name}};
  std::vector<Change> changes{
      {{"/spec/scaleTargetRef", ""}, nullptr, target, false, entry + " in " + bounds.min_replicas.at.str(), bounds.min_replicas.at},
      {{"/spec/minReplicas", ""}, nullptr, bounds.min_replicas.value, false, entry + ".minReplicas in " + bounds.min_replicas.at.str(),
       bounds.min_replicas.at},
      {{"/spec/maxReplicas", ""}, nullptr, bounds.max_replicas.value, false, entry + ".maxReplicas in " + bounds.max_replicas.at.str(),
       bounds.max_replicas.at}};
  Action& action = add(ActionType::create, step_key("create", ref), ref, Risk::low,
                       "create a HorizontalPodAutoscaler for " + w.ref().str() + ": from now on it owns the replicas, between "
                       "minReplicas and maxReplicas, at the API server's default target of 80% average CPU utilization");
  action.changes = std::move(changes);
}

void SynapseStepBuilder::finish() {
  if (!upgraded_to_.empty() && !steps_.rolls.empty()) {
    const ObjectRef& target = out_.draft.find(steps_.rolls.front().roll.step)->target;
    const std::string key = step_key("verify", target, "version");
    add(ActionType::verify, key, target, Risk::low,
        "check that every " + std::string(downgrade_ ? "downgraded" : "upgraded") + " Synapse workload runs the " + upgraded_to_ +
            " image and is ready, and that each of its pods answers version " + upgraded_to_ +
            " (/_matrix/federation/v1/version through the API server's pod proxy) (§2.1)");
    steps_.verify = key;
  }
  auto edges = synapse_rules::all(steps_);
  out_.draft.edges.insert(out_.draft.edges.end(), edges.begin(), edges.end());
}

ReplicasOf desired_replicas_of(const std::vector<ResolvedWorkload>& workloads) {
  return [&workloads](const WorkerPool& pool) -> std::int64_t {
    for (const auto& w : workloads)
      if (w.workload.pool == &pool) return w.desired_replicas;
    return pool.replicas ? pool.replicas->value : 0;
  };
}

// A downgrade is critical (§8.1): main 1.120.0 may have migrated the schema past what the
// older release supports, and then it does not start. Refused unless critical changes are
// allowed; either way the plan says what to check and where the way back is.
void add_downgrade_warnings(const SynapseStepBuilder::Downgrade& down, const SynapsePlanOptions& options, PlanDraft& draft) {
  const std::string risk = fmt::format("synapse.main.image goes from {} down to {}: Synapse refuses to start on a database "
                                       "schema newer than it supports, and {} may have migrated it (§8.1)", down.from, down.to,
                                       down.from);
  if (!options.allow_critical)
    draft.refusals.push_back({"synapse-downgrade", risk + "; check the release notes of every version in between, then plan "
                              "with --allow-critical", down.at});
  draft.notes.push_back("Downgrade: " + risk + ". If main does not start, the way back is the database backup this plan takes "
                        "first, restored with pg_restore, then the newer image again.");
}

// Pods counted against the budget: a HorizontalPodAutoscaler may run up to its maxReplicas.
ConnectionUser connection_user(const ResolvedWorkload& w, const LiveState& live, const Desired& desired) {
  ConnectionUser user{w.ref(), w.workload.label, w.live_replicas, w.desired_replicas};
  if (w.workload.pool && w.workload.pool->replicas) user.pods_at = w.workload.pool->replicas->at;
  if (w.hpa) {
    user.hpa = w.hpa->ref;
    const nlohmann::json max_replicas = value_at(w.hpa->body, "/spec/maxReplicas");
    if (max_replicas.is_number_integer()) user.live_pods = max_replicas.get<std::int64_t>();
    user.desired_pods = user.live_pods;
  }
  if (w.workload.pool && w.workload.pool->hpa) {  // the HPA the plan creates, or the live one's new bound
    if (!w.hpa) user.hpa = created_hpa_ref(w.ref());
    user.desired_pods = w.workload.pool->hpa->max_replicas.value;
    user.pods_at = w.workload.pool->hpa->max_replicas.at;
  }
  user.shares_config = w.reads_config || !desired.synapse.config_map;
  if (!user.shares_config) user.own_cp_max = own_config_cp_max(live, *w.live, desired.synapse.config_key);
  return user;
}

SynapseFacts connection_facts(const Desired& desired, const LiveState& live, const std::vector<ResolvedWorkload>& workloads,
                              const nlohmann::json& live_homeserver) {
  SynapseFacts facts;
  for (const auto& w : workloads) facts.users.push_back(connection_user(w, live, desired));
  if (desired.synapse.config_map) facts.config_map = ObjectRef{"ConfigMap", desired.ns.value, desired.synapse.config_map->value};
  facts.live_cp_max = cp_max_of(live_homeserver);
  facts.desired_cp_max = facts.live_cp_max;
  const nlohmann::json::json_pointer cp_max("/database/args/cp_max");
  if (desired.synapse.homeserver.value.contains(cp_max) && desired.synapse.homeserver.value.at(cp_max).is_number_integer()) {
    facts.desired_cp_max = desired.synapse.homeserver.value.at(cp_max).get<std::int64_t>();
    facts.cp_max_at = desired.synapse.homeserver.position_of("/database/args/cp_max");
    facts.cp_max_from_manifest = true;
  }
  return facts;
}

}  // namespace

SynapsePlan plan_synapse(const Desired& desired, const LiveState& live, Diagnostics& problems, SynapsePlanOptions options) {
  SynapsePlan out;
  std::vector<ResolvedWorkload> workloads;
  const HpaTargets hpas(live);
  for (const auto& workload : synapse_workloads(desired.synapse))
    if (auto resolved = resolve(workload, desired, live, hpas, problems)) workloads.push_back(*resolved);
  if (!problems.empty()) return out;

  for (auto& refusal : synapse_image_refusals(desired.synapse)) out.draft.refusals.push_back(refusal);
  for (auto& refusal : hpa_on_named_pool_refusals(desired.synapse)) out.draft.refusals.push_back(refusal);
  for (const auto& w : workloads)
    if (w.hpa && w.workload.pool && w.workload.pool->replicas)
      out.draft.refusals.push_back(hpa_replicas_refusal(w.workload.pool->replicas->at, w.ref(), w.hpa->ref));
  for (const auto& w : workloads)
    if (const ObjectRef hpa = created_hpa_ref(w.ref()); !w.hpa && w.workload.pool && w.workload.pool->hpa && live.find(hpa))
      out.draft.refusals.push_back({"hpa-name-taken",
                                    hpa.str() + " exists but scales another workload, and the HorizontalPodAutoscaler synops "
                                    "creates for " + w.ref().str() + " takes that name: rename or remove it",
                                    w.workload.pool->hpa->min_replicas.at});
  const ReplicasOf replicas = desired_replicas_of(workloads);
  for (auto& refusal : check_stream_writer_counts(desired.synapse, replicas)) out.draft.refusals.push_back(refusal);

  SynapseStepBuilder builder(desired, out);
  HomeserverDiff config;
  if (desired.synapse.config_map) {
    const ObjectRef ref{"ConfigMap", desired.ns.value, desired.synapse.config_map->value};
    const LiveObject* config_map = require_live(live, ref, desired.synapse.config_map->at, problems);
    if (!config_map) return out;
    auto diff = diff_homeserver(desired.synapse, *config_map, derive_worker_config(desired.synapse, desired.ns.value, replicas));
    if (!diff) {
      problems.insert(problems.end(), diff.error().begin(), diff.error().end());
      return out;
    }
    config = std::move(*diff);
    if (!config.changes.empty())
      builder.add_config_update(*config_map, config.changes, config.derived_changed ? Risk::high : Risk::medium,
                                config.derived_changed);
  }
  const Risk config_risk = config.derived_changed ? Risk::high : Risk::medium;
  for (const auto& w : workloads) {
    builder.add_workload(w, !config.changes.empty(), config_risk, config.federation_senders_changed);
    builder.add_hpa_bounds(w);
  }
  builder.finish();
  if (const auto& down = builder.downgrade()) add_downgrade_warnings(*down, options, out.draft);
  out.facts = connection_facts(desired, live, workloads, config.live_document);
  for (const auto& action : out.draft.actions)
    if (!action.reversible)
      out.draft.notes.push_back("Rolling back after main has migrated the database schema may not start the old "
                                "version (§8.1): the way back is the database backup taken before the upgrade.");
  return out;
}

}  // namespace synops
