#include "connection_walk.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "connection_budget.h"
#include "engine/ordering.h"

namespace synops {

namespace {

// The state after each step, with what a step leaves pending until its wait: pods that
// stop, and processes that restart onto the new cp_max.
class ConnectionWalk {
 public:
  ConnectionWalk(const SynapseFacts& synapse, const PostgresFacts& postgres)
      : synapse_(synapse), postgres_(postgres), state_(connections_before(synapse, postgres)) {}

  const ConnectionState& state() const { return state_; }

  void step(const Action& action) {
    if (action.target == postgres_.cluster) return server_step(action);
    if (synapse_.config_map && action.target == *synapse_.config_map && action.type == ActionType::update) return config_written();
    for (const auto& user : synapse_.users) {
      if (action.target == user.workload) return workload_step(action, user);
      if (user.hpa && action.target == *user.hpa) return bound_step(action, user);
    }
  }

 private:
  // While CloudNativePG rolls the new limits out, a process may meet either value.
  void server_step(const Action& action) {
    if (action.type == ActionType::update) {
      state_.max_connections = std::min(postgres_.live_max_connections, postgres_.max_connections);
      state_.reserved = std::max(postgres_.live_reserved, postgres_.reserved);
    } else if (action.type == ActionType::wait) {
      state_.max_connections = postgres_.max_connections;
      state_.reserved = postgres_.reserved;
    }
  }

  // From the write on, a process that starts reads the new cp_max. One that ran before may
  // be restarted at any moment (a crash, an eviction), so until its workload's restart has
  // finished it counts at the larger of the two.
  void config_written() {
    if (synapse_.desired_cp_max == synapse_.live_cp_max) return;
    config_written_ = true;
    for (const auto& user : synapse_.users)
      if (user.shares_config) {
        WorkloadConnections& w = state_.workloads[user.workload];
        w.cp_max = std::max(synapse_.live_cp_max, synapse_.desired_cp_max);
        w.new_cp_max = synapse_.desired_cp_max;
        on_old_config_.insert(user.workload);
      }
  }

  void workload_step(const Action& action, const ConnectionUser& user) {
    const ObjectRef& workload = user.workload;
    WorkloadConnections& w = state_.workloads[workload];
    const bool on_new_config = config_written_ && user.shares_config;
    for (const auto& change : action.changes) {
      if (change.path.pointer == "/spec/replicas" && change.after.is_number_integer() && !user.hpa) {
        const std::int64_t to = change.after.get<std::int64_t>();
        // New pods count at once; stopping ones until the wait has seen them gone.
        if (to >= w.all_pods()) w.resize(to, on_new_config);
        else stopping_[workload] = to;
      }
      if (change.path.pointer.ends_with("/image") && on_old_config_.contains(workload)) restarting_.insert(workload);
    }
    if (action.type == ActionType::restart && on_old_config_.contains(workload)) restarting_.insert(workload);
    if (action.type != ActionType::wait) return;
    if (auto it = stopping_.find(workload); it != stopping_.end()) {
      w.resize(it->second, on_new_config);
      stopping_.erase(it);
    }
    if (restarting_.erase(workload)) {
      w = {w.all_pods(), synapse_.desired_cp_max, 0, synapse_.desired_cp_max};
      on_old_config_.erase(workload);
    }
  }

  // The autoscaler may start pods up to the new bound at once; a lower bound is taken as
  // kept from the write on.
  void bound_step(const Action& action, const ConnectionUser& user) {
    for (const auto& change : action.changes)
      if (change.path.pointer == "/spec/maxReplicas" && change.after.is_number_integer())
        state_.workloads[user.workload].resize(change.after.get<std::int64_t>(), config_written_ && user.shares_config);
  }

  const SynapseFacts& synapse_;
  const PostgresFacts& postgres_;
  ConnectionState state_;
  bool config_written_ = false;
  std::map<ObjectRef, std::int64_t> stopping_;
  std::set<ObjectRef> on_old_config_, restarting_;
};

}  // namespace

std::optional<Refusal> check_connection_budget_per_step(const PlanDraft& draft, const SynapseFacts& synapse,
                                                        const PostgresFacts& postgres) {
  if (connections_over(connections_after(synapse, postgres), postgres.headroom) > 0) return std::nullopt;
  const auto order = order_actions(draft.actions, draft.edges);
  if (!order) return std::nullopt;
  ConnectionWalk walk(synapse, postgres);
  const std::int64_t over_before = std::max<std::int64_t>(0, connections_over(walk.state(), postgres.headroom));
  for (size_t i = 0; i < order->size(); ++i) {
    const Action& action = draft.actions[(*order)[i]];
    walk.step(action);
    if (connections_over(walk.state(), postgres.headroom) <= over_before) continue;
    return Refusal{"connection-budget-step",
                   fmt::format("after step a{} ({}), {}; synops cannot order these steps to stay inside the budget: split "
                               "the change, first a plan that removes connections, then one that adds them",
                               i + 1, action.key, describe_connections(walk.state(), synapse, postgres.headroom)),
                   budget_position(synapse, postgres)};
  }
  return std::nullopt;
}

}  // namespace synops
