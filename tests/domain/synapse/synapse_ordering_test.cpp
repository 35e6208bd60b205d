// Each ordering rule on its own: the edges it adds and the name they carry.
#include <doctest/doctest.h>

#include "domain/synapse/synapse_ordering.h"

using namespace synops;

namespace {

std::string edges_text(const std::vector<OrderingEdge>& edges) {
  std::string out;
  for (const auto& e : edges) out += e.before + " -> " + e.after + " [" + e.rule + "]\n";
  return out;
}

RolledWorkload roll(SynapseRole role, const std::string& name, bool reads_config = true) {
  return {role, {"roll " + name, "wait " + name}, reads_config};
}

SynapseSteps upgrade() {
  SynapseSteps steps;
  steps.rolls = {roll(SynapseRole::main, "main"), roll(SynapseRole::worker, "sync"), roll(SynapseRole::worker, "ep"),
                 roll(SynapseRole::li, "li", false)};
  return steps;
}

}  // namespace

TEST_CASE("wait-until-ready pairs every step with its wait") {
  SynapseSteps steps;
  steps.rolls = {roll(SynapseRole::main, "main")};
  steps.writer_scale_ups = {{"scale ep", "wait scale ep"}};
  CHECK(edges_text(synapse_rules::wait_until_ready(steps)) ==
        "roll main -> wait main [wait-until-ready]\nscale ep -> wait scale ep [wait-until-ready]\n");
}

TEST_CASE("main-before-workers: every other roll waits for main to be ready") {
  CHECK(edges_text(synapse_rules::main_before_workers(upgrade())) ==
        "wait main -> roll sync [main-before-workers]\nwait main -> roll ep [main-before-workers]\n"
        "wait main -> roll li [main-before-workers]\n");
  SynapseSteps no_main;
  no_main.rolls = {roll(SynapseRole::worker, "sync")};
  CHECK(synapse_rules::main_before_workers(no_main).empty());
}

TEST_CASE("workers-one-at-a-time chains the workers in the given order") {
  CHECK(edges_text(synapse_rules::workers_one_at_a_time(upgrade())) == "wait sync -> roll ep [workers-one-at-a-time]\n");
}

TEST_CASE("li-last waits for every worker") {
  CHECK(edges_text(synapse_rules::li_last(upgrade())) ==
        "wait sync -> roll li [li-last]\nwait ep -> roll li [li-last]\n");
}

TEST_CASE("config-before-restarts applies to the processes that read the config") {
  SynapseSteps steps = upgrade();
  steps.config_update = "config";
  CHECK(edges_text(synapse_rules::config_before_restarts(steps)) ==
        "config -> roll main [config-before-restarts]\nconfig -> roll sync [config-before-restarts]\n"
        "config -> roll ep [config-before-restarts]\n");
  CHECK(synapse_rules::config_before_restarts(upgrade()).empty());
}

TEST_CASE("writers scale up before the config, and down after the config and every restart") {
  SynapseSteps steps = upgrade();
  steps.config_update = "config";
  steps.writer_scale_ups = {{"up", "wait up"}};
  steps.writer_scale_downs = {{"down", "wait down"}};
  CHECK(edges_text(synapse_rules::writers_scale_up_before_config(steps)) ==
        "wait up -> config [writers-scale-up-before-config]\n");
  CHECK(edges_text(synapse_rules::writers_scale_down_after_restarts(steps)) ==
        "config -> down [writers-scale-down-after-restarts]\nwait main -> down [writers-scale-down-after-restarts]\n"
        "wait sync -> down [writers-scale-down-after-restarts]\nwait ep -> down [writers-scale-down-after-restarts]\n"
        "wait li -> down [writers-scale-down-after-restarts]\n");
}

TEST_CASE("scale-down-gradually puts a pause between steps, after the workload's own roll") {
  SynapseSteps steps;
  steps.gradual_scale_downs = {{"wait roll", {{"s1", "w1"}, {"s2", "w2"}}, {"pause"}}};
  CHECK(edges_text(synapse_rules::scale_down_gradually(steps)) ==
        "wait roll -> s1 [scale-down-gradually]\nw1 -> pause [scale-down-gradually]\npause -> s2 [scale-down-gradually]\n");
}

TEST_CASE("verify-after-upgrade waits for every roll") {
  SynapseSteps steps = upgrade();
  steps.verify = "verify";
  CHECK(edges_text(synapse_rules::verify_after_upgrade(steps)) ==
        "wait main -> verify [verify-after-upgrade]\nwait sync -> verify [verify-after-upgrade]\n"
        "wait ep -> verify [verify-after-upgrade]\nwait li -> verify [verify-after-upgrade]\n");
}
