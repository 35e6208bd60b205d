#include "connection_budget.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace synops {

namespace {

ConnectionState connections(const SynapseFacts& synapse, bool after) {
  ConnectionState state;
  const std::int64_t shared_cp_max = after ? synapse.desired_cp_max : synapse.live_cp_max;
  for (const auto& user : synapse.users) {
    const std::int64_t cp_max = user.shares_config ? shared_cp_max : user.own_cp_max;
    state.workloads[user.workload] = {after ? user.desired_pods : user.live_pods, cp_max, 0, cp_max};
  }
  return state;
}

std::string processes(std::int64_t count, const std::string& who) {
  return fmt::format("{} {}{}", count, who, count == 1 ? " process" : " processes");
}

// Processes sharing homeserver.yaml, grouped by the cp_max they read (two groups while a
// new cp_max rolls out), then each workload with a config of its own.
std::vector<std::string> terms(const ConnectionState& state, const SynapseFacts& synapse) {
  std::vector<std::pair<std::int64_t, std::int64_t>> shared;  // cp_max, pods
  std::vector<std::string> own;
  auto add_shared = [&](std::int64_t cp_max, std::int64_t pods) {
    if (pods == 0) return;
    auto group = std::ranges::find(shared, cp_max, &std::pair<std::int64_t, std::int64_t>::first);
    if (group == shared.end()) shared.emplace_back(cp_max, pods);
    else group->second += pods;
  };
  for (const auto& user : synapse.users) {
    const WorkloadConnections& w = state.workloads.at(user.workload);
    if (!user.shares_config) {
      own.push_back(fmt::format("{} x cp_max {}", processes(w.pods, user.label == "li" ? "LI" : user.label), w.cp_max));
      continue;
    }
    add_shared(w.cp_max, w.pods);
    add_shared(w.new_cp_max, w.new_pods);
  }
  std::vector<std::string> out;
  for (const auto& [cp_max, pods] : shared) out.push_back(fmt::format("{} x cp_max {}", processes(pods, "Synapse"), cp_max));
  out.insert(out.end(), own.begin(), own.end());
  return out;
}

std::string autoscaled_note(const ConnectionState& state, const SynapseFacts& synapse) {
  std::vector<std::string> counted;
  for (const auto& user : synapse.users)
    if (user.hpa)
      counted.push_back(fmt::format("{} at its HorizontalPodAutoscaler's maxReplicas {}", user.label,
                                    state.workloads.at(user.workload).all_pods()));
  return counted.empty() ? "" : fmt::format(" (counting {})", fmt::join(counted, ", "));
}

}  // namespace

ConnectionState connections_before(const SynapseFacts& synapse, const PostgresFacts& postgres) {
  ConnectionState state = connections(synapse, false);
  state.max_connections = postgres.live_max_connections;
  state.reserved = postgres.live_reserved;
  return state;
}

ConnectionState connections_after(const SynapseFacts& synapse, const PostgresFacts& postgres) {
  ConnectionState state = connections(synapse, true);
  state.max_connections = postgres.max_connections;
  state.reserved = postgres.reserved;
  return state;
}

void WorkloadConnections::resize(std::int64_t to, bool start_on_new_config) {
  if (to >= all_pods()) {
    (start_on_new_config ? new_pods : pods) += to - all_pods();
    return;
  }
  std::int64_t stopping = all_pods() - to;
  std::int64_t& first = new_cp_max <= cp_max ? new_pods : pods;
  std::int64_t& second = new_cp_max <= cp_max ? pods : new_pods;
  const std::int64_t from_first = std::min(first, stopping);
  first -= from_first;
  second -= stopping - from_first;
}

std::int64_t connections_needed(const ConnectionState& state) {
  std::int64_t needed = 0;
  for (const auto& [ref, w] : state.workloads) needed += w.pods * w.cp_max + w.new_pods * w.new_cp_max;
  return needed;
}

std::int64_t connections_over(const ConnectionState& state, std::int64_t headroom) {
  return connections_needed(state) - (state.max_connections - state.reserved - headroom);
}

std::string describe_connections(const ConnectionState& state, const SynapseFacts& synapse, std::int64_t headroom) {
  return fmt::format("{} = {} connections{}, but max_connections {} - {} reserved - {} headroom leaves {}",
                     fmt::join(terms(state, synapse), " + "), connections_needed(state), autoscaled_note(state, synapse),
                     state.max_connections, state.reserved, headroom, state.max_connections - state.reserved - headroom);
}

SourcePosition budget_position(const SynapseFacts& synapse, const PostgresFacts& postgres) {
  const ConnectionUser* grown = nullptr;
  for (const auto& user : synapse.users)
    if (user.hpa && user.desired_pods > user.live_pods && (!grown || user.desired_pods > grown->desired_pods)) grown = &user;
  if (grown && grown->pods_at.known()) return grown->pods_at;
  return synapse.cp_max_from_manifest ? synapse.cp_max_at : postgres.max_connections_at;
}

std::optional<Refusal> check_connection_budget(const SynapseFacts& synapse, const PostgresFacts& postgres) {
  const ConnectionState after = connections_after(synapse, postgres);
  if (connections_over(after, postgres.headroom) <= 0) return std::nullopt;
  return Refusal{"connection-budget",
                 describe_connections(after, synapse, postgres.headroom) +
                     "; lower cp_max, run fewer workers, or raise max_connections",
                 budget_position(synapse, postgres)};
}

}  // namespace synops
