// Scenario fixtures for planner tests: the guide's deployment of examples/matrix, loaded
// for real, then changed in memory the way an operator would change the manifests (or the
// cluster would drift), and planned.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "engine/plan.h"
#include "domain/manifests/desired.h"
#include "stages/plan/planner.h"

namespace synops::testing {

struct Scenario {
  Desired desired;
  LiveState live;

  // examples/matrix as shipped: live runs v1.119.0, the manifests want v1.120.0.
  static Scenario example();
  // The same deployment with the upgrade already done: planning it gives no change.
  static Scenario in_sync();

  void edit_live(const std::string& kind, const std::string& name, const std::function<void(nlohmann::json&)>& edit,
                 const std::string& ns = "matrix");
  WorkerPool& pool(const std::string& role);
  void set_replicas(const std::string& role, std::int64_t replicas);
  void set_live_homeserver(const std::function<void(std::string&)>& edit);

  Plan plan(PlanOptions options = {}) const;
};

// One line per step: "a1 backup Cluster/matrix/synapse-postgres database" (the key).
std::vector<std::string> step_keys(const Plan& plan);
// "type target" of every step, for compact order assertions.
std::string steps_text(const Plan& plan);
const Action& step(const Plan& plan, const std::string& key);
size_t position(const Plan& plan, const std::string& key);

}  // namespace synops::testing
