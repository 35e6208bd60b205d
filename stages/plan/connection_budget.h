// The connection budget (§9.5): every Synapse process opens up to cp_max connections, so the
// sum over all processes (the LI's own pool included, and a pool an autoscaler owns at its
// maxReplicas) must fit in max_connections minus the reserved slots and a margin for the
// operator's own tools. It must hold after the plan and in every state in between
// (connection_steps.h); a plan that breaks it is refused, naming the numbers.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "engine/plan.h"
#include "domain/postgres/postgres_planner.h"
#include "domain/synapse/synapse_planner.h"

namespace synops {

// A workload's pods at one moment of the plan, in two groups: those that read cp_max when
// they started, and those started since the shared homeserver.yaml changed, which read the
// new one.
struct WorkloadConnections {
  std::int64_t pods = 0;
  std::int64_t cp_max = 5;
  std::int64_t new_pods = 0;
  std::int64_t new_cp_max = 5;

  std::int64_t all_pods() const { return pods + new_pods; }
  // Pods stop from the group with the smaller cp_max first, so the count never runs low.
  void resize(std::int64_t to, bool start_on_new_config);
};

// What may be open at one moment of the plan, against the server's limits.
struct ConnectionState {
  std::map<ObjectRef, WorkloadConnections> workloads;
  std::int64_t max_connections = 100;
  std::int64_t reserved = 3;
};

ConnectionState connections_before(const SynapseFacts& synapse, const PostgresFacts& postgres);
ConnectionState connections_after(const SynapseFacts& synapse, const PostgresFacts& postgres);

std::int64_t connections_needed(const ConnectionState& state);
// Negative or zero when the state fits.
std::int64_t connections_over(const ConnectionState& state, std::int64_t headroom);

// "21 Synapse processes x cp_max 10 + 1 LI process x cp_max 5 = 215 connections, but
// max_connections 200 - 3 reserved - 10 headroom leaves 187"
std::string describe_connections(const ConnectionState& state, const SynapseFacts& synapse, std::int64_t headroom);

// The manifest value a budget refusal points at: what the plan raises, else cp_max or
// max_connections.
SourcePosition budget_position(const SynapseFacts& synapse, const PostgresFacts& postgres);

// The state after the plan, refused with rule "connection-budget".
std::optional<Refusal> check_connection_budget(const SynapseFacts& synapse, const PostgresFacts& postgres);

}  // namespace synops
