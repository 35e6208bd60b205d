// The guide's ordering rules for Synapse (§2.1, §3.1, §4.1, §9.2-9.4), each a named
// function from the shape of the Synapse steps to ordering edges that carry its name.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/ordering.h"
#include "synapse_topology.h"

namespace synops {

// A step and the wait that proves it (keys of actions).
struct StepAndWait {
  std::string step;
  std::string wait;
};

// A workload whose pods are replaced: by an image update or by a restart after a config change.
struct RolledWorkload {
  SynapseRole role = SynapseRole::worker;
  StepAndWait roll;
  bool reads_config = false;
};

// The gradual scale-down of one stateless pool: steps of at most N replicas with pauses.
struct GradualScaleDown {
  std::optional<std::string> after_roll;  // wait key of the same workload's roll, if any
  std::vector<StepAndWait> steps;
  std::vector<std::string> pauses;  // pauses[i] sits between steps[i] and steps[i + 1]
};

struct SynapseSteps {
  std::vector<RolledWorkload> rolls;            // in the guide's order
  std::optional<std::string> config_update;     // the ConfigMap update
  std::vector<StepAndWait> writer_scale_ups;    // event persisters, federation senders: before the config
  std::vector<StepAndWait> writer_scale_downs;  // after the config and every restart
  std::vector<GradualScaleDown> gradual_scale_downs;
  std::optional<std::string> verify;            // version check after an upgrade
};

namespace synapse_rules {

std::vector<OrderingEdge> wait_until_ready(const SynapseSteps& steps);
std::vector<OrderingEdge> main_before_workers(const SynapseSteps& steps);
std::vector<OrderingEdge> workers_one_at_a_time(const SynapseSteps& steps);
std::vector<OrderingEdge> li_last(const SynapseSteps& steps);
std::vector<OrderingEdge> config_before_restarts(const SynapseSteps& steps);
std::vector<OrderingEdge> writers_scale_up_before_config(const SynapseSteps& steps);
std::vector<OrderingEdge> writers_scale_down_after_restarts(const SynapseSteps& steps);
std::vector<OrderingEdge> scale_down_gradually(const SynapseSteps& steps);
std::vector<OrderingEdge> verify_after_upgrade(const SynapseSteps& steps);

// Every rule above, in one list.
std::vector<OrderingEdge> all(const SynapseSteps& steps);

}  // namespace synapse_rules

}  // namespace synops
