// Ordering of plan steps: edges produced by named rules, and the order they imply.
#pragma once
#include <string>
#include <vector>

#include "action.h"
#include "result.h"

namespace synops {

// "`before` must finish before `after` starts, because of `rule`" (keys of actions).
struct OrderingEdge {
  std::string before;
  std::string after;
  std::string rule;
  auto operator<=>(const OrderingEdge&) const = default;
};

// Returns the indexes of `actions` in an order that respects every edge; among steps that
// are free to go, the smallest resource id (then key) goes first, so the order is
// deterministic and the steps on one object stay together.
// A cycle is an error that prints the path and the rule of each edge on it.
Result<std::vector<size_t>> order_actions(const std::vector<Action>& actions, const std::vector<OrderingEdge>& edges);

}  // namespace synops
