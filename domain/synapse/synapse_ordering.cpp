#include "synapse_ordering.h"

namespace synops::synapse_rules {

namespace {

void add(std::vector<OrderingEdge>& edges, const std::string& before, const std::string& after, const char* rule) {
  edges.push_back(OrderingEdge{before, after, rule});
}

const RolledWorkload* main_roll(const SynapseSteps& steps) {
  for (const auto& roll : steps.rolls)
    if (roll.role == SynapseRole::main) return &roll;
  return nullptr;
}

}  // namespace

std::vector<OrderingEdge> wait_until_ready(const SynapseSteps& steps) {
  std::vector<OrderingEdge> edges;
  auto pair = [&](const StepAndWait& s) { add(edges, s.step, s.wait, "wait-until-ready"); };
  for (const auto& roll : steps.rolls) pair(roll.roll);
  for (const auto& s : steps.writer_scale_ups) pair(s);
  for (const auto& s : steps.writer_scale_downs) pair(s);
  for (const auto& gradual : steps.gradual_scale_downs)
    for (const auto& s : gradual.steps) pair(s);
  return edges;
}

// Main migrates the schema on start; workers refuse an older schema (§2.1).
std::vector<OrderingEdge> main_before_workers(const SynapseSteps& steps) {
  std::vector<OrderingEdge> edges;
  const RolledWorkload* main = main_roll(steps);
  if (!main) return edges;
  for (const auto& roll : steps.rolls)
    if (roll.role != SynapseRole::main) add(edges, main->roll.wait, roll.roll.step, "main-before-workers");
  return edges;
}

// "Workers (one at a time to minimize disruption)" in the guide's order (§2.1).
std::vector<OrderingEdge> workers_one_at_a_time(const SynapseSteps& steps) {
  std::vector<OrderingEdge> edges;
  const RolledWorkload* previous = nullptr;
  for (const auto& roll : steps.rolls) {
    if (roll.role != SynapseRole::worker) continue;
    if (previous) add(edges, previous->roll.wait, roll.roll.step, "workers-one-at-a-time");
    previous = &roll;
  }
  return edges;
}

// The LI instance is updated after every worker (§2.1 step 3).
std::vector<OrderingEdge> li_last(const SynapseSteps& steps) {
  std::vector<OrderingEdge> edges;
  for (const auto& li : steps.rolls) {
    if (li.role != SynapseRole::li) continue;
    for (const auto& roll : steps.rolls)
      if (roll.role == SynapseRole::worker) add(edges, roll.roll.wait, li.roll.step, "li-last");
  }
  return edges;
}

// Synapse reads homeserver.yaml only at start: pods must be replaced after the ConfigMap
// holds the new config, so one replacement serves both an image and a config change.
std::vector<OrderingEdge> config_before_restarts(const SynapseSteps& steps) {
  std::vector<OrderingEdge> edges;
  if (!steps.config_update) return edges;
  for (const auto& roll : steps.rolls)
    if (roll.reads_config) add(edges, *steps.config_update, roll.roll.step, "config-before-restarts");
  return edges;
}

// New writers must run before the config names them (§9.2 up: scale, wait, config, restart).
std::vector<OrderingEdge> writers_scale_up_before_config(const SynapseSteps& steps) {
  std::vector<OrderingEdge> edges;
  if (!steps.config_update) return edges;
  for (const auto& s : steps.writer_scale_ups) add(edges, s.wait, *steps.config_update, "writers-scale-up-before-config");
  return edges;
}

// Writers leave the config, every process restarts without them, then they stop (§9.2 down).
std::vector<OrderingEdge> writers_scale_down_after_restarts(const SynapseSteps& steps) {
  std::vector<OrderingEdge> edges;
  for (const auto& down : steps.writer_scale_downs) {
    if (steps.config_update) add(edges, *steps.config_update, down.step, "writers-scale-down-after-restarts");
    for (const auto& roll : steps.rolls) add(edges, roll.roll.wait, down.step, "writers-scale-down-after-restarts");
  }
  return edges;
}

// Scale stateless workers down at most N replicas a step, with a pause between (§4.1).
std::vector<OrderingEdge> scale_down_gradually(const SynapseSteps& steps) {
  std::vector<OrderingEdge> edges;
  for (const auto& gradual : steps.gradual_scale_downs) {
    if (gradual.after_roll && !gradual.steps.empty())
      add(edges, *gradual.after_roll, gradual.steps.front().step, "scale-down-gradually");
    for (size_t i = 0; i + 1 < gradual.steps.size(); ++i) {
      add(edges, gradual.steps[i].wait, gradual.pauses[i], "scale-down-gradually");
      add(edges, gradual.pauses[i], gradual.steps[i + 1].step, "scale-down-gradually");
    }
  }
  return edges;
}

// After the last process is replaced, every one must report the new version (§2.1 verify).
std::vector<OrderingEdge> verify_after_upgrade(const SynapseSteps& steps) {
  std::vector<OrderingEdge> edges;
  if (!steps.verify) return edges;
  for (const auto& roll : steps.rolls) add(edges, roll.roll.wait, *steps.verify, "verify-after-upgrade");
  return edges;
}

std::vector<OrderingEdge> all(const SynapseSteps& steps) {
  std::vector<OrderingEdge> edges;
  for (auto rule : {wait_until_ready, main_before_workers, workers_one_at_a_time, li_last, config_before_restarts,
                    writers_scale_up_before_config, writers_scale_down_after_restarts, scale_down_gradually,
                    verify_after_upgrade}) {
    auto more = rule(steps);
    edges.insert(edges.end(), more.begin(), more.end());
  }
  return edges;
}

}  // namespace synops::synapse_rules
