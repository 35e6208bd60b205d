// The order of a plan's steps as a reviewer wants to see it drawn: the planner records every
// rule that orders two steps (30 edges for the example's 16 steps), most of them implied by
// others; only the edges no other path implies are drawn (markdown's mermaid and dot).
#include <algorithm>
#include <map>

#include "render.h"

namespace synops::cli {

namespace {

using Successors = std::vector<std::vector<size_t>>;

// Whether `to` is reached from `from` without taking the edge from -> to itself.
bool reached_another_way(const Successors& next, size_t from, size_t to) {
  std::vector<bool> seen(next.size(), false);
  std::vector<size_t> pending;
  for (size_t step : next[from])
    if (step != to) pending.push_back(step);
  while (!pending.empty()) {
    const size_t step = pending.back();
    pending.pop_back();
    if (step == to) return true;
    if (seen[step]) continue;
    seen[step] = true;
    for (size_t after : next[step]) pending.push_back(after);
  }
  return false;
}

}  // namespace

std::vector<OrderEdge> reduced_order(const Plan& plan) {
  std::map<std::string, size_t> index_of;
  for (size_t i = 0; i < plan.actions.size(); ++i) index_of.emplace(plan.actions[i].id, i);
  std::map<std::pair<size_t, size_t>, std::vector<std::string>> edges;
  for (size_t i = 0; i < plan.actions.size(); ++i)
    for (const auto& dependency : plan.actions[i].depends_on) {
      const auto found = index_of.find(dependency.id);
      if (found == index_of.end() || found->second == i) continue;
      auto& rules = edges[{found->second, i}];
      if (!dependency.rule.empty() && std::ranges::find(rules, dependency.rule) == rules.end()) rules.push_back(dependency.rule);
    }
  Successors next(plan.actions.size());
  for (const auto& [edge, rules] : edges) next[edge.first].push_back(edge.second);
  std::vector<OrderEdge> kept;
  for (const auto& [edge, rules] : edges)
    if (!reached_another_way(next, edge.first, edge.second)) kept.push_back({edge.first, edge.second, rules});
  return kept;
}

}  // namespace synops::cli
