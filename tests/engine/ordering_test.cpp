#include <doctest/doctest.h>

#include "engine/ordering.h"

using namespace synops;

namespace {

std::vector<Action> actions_with_keys(std::vector<std::string> keys) {
  std::vector<Action> actions;
  for (auto& key : keys) actions.push_back(Action{.key = key});
  return actions;
}

std::string order_string(const std::vector<Action>& actions, const std::vector<size_t>& order) {
  std::string out;
  for (size_t index : order) out += (out.empty() ? "" : " ") + actions[index].key;
  return out;
}

}  // namespace

TEST_CASE("steps free to go are ordered by key") {
  auto actions = actions_with_keys({"c", "a", "b"});
  auto order = order_actions(actions, {});
  REQUIRE(order);
  CHECK(order_string(actions, *order) == "a b c");
}

TEST_CASE("edges win over keys") {
  auto actions = actions_with_keys({"a", "b", "c"});
  auto order = order_actions(actions, {{"c", "a", "r1"}, {"b", "c", "r2"}});
  REQUIRE(order);
  CHECK(order_string(actions, *order) == "b c a");
}

TEST_CASE("the order does not depend on the input order") {
  auto forward = actions_with_keys({"w1", "w2", "main", "backup"});
  auto backward = actions_with_keys({"backup", "main", "w2", "w1"});
  std::vector<OrderingEdge> edges{{"backup", "main", "b"}, {"main", "w1", "m"}, {"main", "w2", "m"}};
  auto a = order_actions(forward, edges), b = order_actions(backward, edges);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(order_string(forward, *a) == order_string(backward, *b));
  CHECK(order_string(forward, *a) == "backup main w1 w2");
}

TEST_CASE("a cycle is an error that prints the path and the rules") {
  auto actions = actions_with_keys({"a", "b", "c", "d"});
  auto order = order_actions(actions, {{"a", "b", "first"}, {"b", "c", "second"}, {"c", "a", "third"}, {"c", "d", "x"}});
  REQUIRE_FALSE(order);
  CHECK(order.error().at(0).message ==
        "the ordering rules form a cycle, so no order satisfies them:\n"
        "  a\n    -> (rule first)\n  b\n    -> (rule second)\n  c\n    -> (rule third)\n  a");
}

TEST_CASE("an edge naming an unknown step is an error") {
  auto actions = actions_with_keys({"a"});
  auto order = order_actions(actions, {{"a", "ghost", "rule-x"}});
  REQUIRE_FALSE(order);
  CHECK(order.error().at(0).message == "ordering rule rule-x names a step that is not in the plan: ghost");
}
