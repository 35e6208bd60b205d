#include "scenario.h"

#include <doctest/doctest.h>

#include "domain/manifests/manifest_loader.h"
#include "adapters/snapshot/snapshot_reader.h"

namespace synops::testing {

Scenario Scenario::example() {
  const std::string dir = std::string(SYNOPS_SOURCE_DIR) + "/examples/matrix";
  auto desired = load_manifests(dir);
  REQUIRE_MESSAGE(desired, (desired ? "" : desired.error().front().format()));
  auto live = read_snapshot(dir + "/live/cluster.json");
  REQUIRE_MESSAGE(live, (live ? "" : live.error().front().format()));
  return Scenario{std::move(*desired), std::move(*live)};
}

Scenario Scenario::in_sync() {
  Scenario scenario = example();
  std::vector<ObjectRef> synapse;
  for (const auto& [ref, object] : scenario.live.objects())
    if ((ref.kind == "StatefulSet" || ref.kind == "Deployment") && ref.name.starts_with("synapse-")) synapse.push_back(ref);
  for (const auto& ref : synapse)
    scenario.edit_live(ref.kind, ref.name, [](nlohmann::json& body) {
      body["spec"]["template"]["spec"]["containers"][0]["image"] = "matrixdotorg/synapse:v1.120.0";
    });
  return scenario;
}

void Scenario::edit_live(const std::string& kind, const std::string& name, const std::function<void(nlohmann::json&)>& edit,
                         const std::string& ns) {
  const LiveObject* found = live.find({kind, ns, name});
  REQUIRE_MESSAGE(found, "no live " << kind << " " << ns << "/" << name);
  LiveObject copy = *found;
  edit(copy.body);
  live.add(std::move(copy));
}

WorkerPool& Scenario::pool(const std::string& role) {
  for (auto& pool : desired.synapse.workers)
    if (pool.role.value == role) return pool;
  FAIL("no worker pool " << role);
  throw std::logic_error("unreachable");
}

void Scenario::set_replicas(const std::string& role, std::int64_t replicas) {
  WorkerPool& p = pool(role);
  SourcePosition at = p.replicas ? p.replicas->at : p.workload.at;
  p.replicas = Located<std::int64_t>{replicas, at};
}

void Scenario::set_live_homeserver(const std::function<void(std::string&)>& edit) {
  edit_live("ConfigMap", "synapse-config", [&](nlohmann::json& body) {
    std::string text = body["data"]["homeserver.yaml"];
    edit(text);
    body["data"]["homeserver.yaml"] = text;
  });
}

Plan Scenario::plan(PlanOptions options) const {
  auto plan = plan_deployment(desired, live, options);
  REQUIRE_MESSAGE(plan, (plan ? "" : plan.error().front().format()));
  return *plan;
}

std::vector<std::string> step_keys(const Plan& plan) {
  std::vector<std::string> keys;
  for (const auto& action : plan.actions) keys.push_back(action.id + " " + action.key);
  return keys;
}

std::string steps_text(const Plan& plan) {
  std::string out;
  for (const auto& action : plan.actions) out += action.key + "\n";
  return out;
}

const Action& step(const Plan& plan, const std::string& key) {
  for (const auto& action : plan.actions)
    if (action.key == key) return action;
  FAIL("no step " << key << " in the plan:\n" << steps_text(plan));
  throw std::logic_error("unreachable");
}

size_t position(const Plan& plan, const std::string& key) {
  for (size_t i = 0; i < plan.actions.size(); ++i)
    if (plan.actions[i].key == key) return i;
  FAIL("no step " << key << " in the plan:\n" << steps_text(plan));
  return 0;
}

}  // namespace synops::testing
