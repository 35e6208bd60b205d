// The only file that includes Boost.Graph.
#include "ordering.h"

#include <cstdint>
#include <queue>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>

namespace synops {

namespace {

struct EdgeRule {
  std::string rule;
};
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property, EdgeRule>;
using Vertex = Graph::vertex_descriptor;
using Edge = Graph::edge_descriptor;

struct CycleFinder : boost::default_dfs_visitor {
  std::vector<Vertex>* parent;
  std::optional<Edge>* back;
  void tree_edge(Edge e, const Graph& g) { (*parent)[boost::target(e, g)] = boost::source(e, g); }
  void back_edge(Edge e, const Graph&) {
    if (!*back) *back = e;
  }
};

// Vertex indexes follow the sort order, so the DFS (and the cycle it reports) is deterministic.
Diagnostics describe_cycle(const Graph& graph, const std::vector<std::string_view>& keys) {
  std::vector<Vertex> parent(boost::num_vertices(graph));
  for (Vertex v = 0; v < parent.size(); ++v) parent[v] = v;
  std::optional<Edge> back;
  boost::depth_first_search(graph, boost::visitor(CycleFinder{{}, &parent, &back}));
  std::string path;
  if (back) {
    Vertex from = boost::source(*back, graph), to = boost::target(*back, graph);
    std::vector<Vertex> chain{from};
    while (chain.back() != to && parent[chain.back()] != chain.back()) chain.push_back(parent[chain.back()]);
    std::reverse(chain.begin(), chain.end());
    chain.push_back(to);
    for (size_t i = 0; i + 1 < chain.size(); ++i) {
      auto [edge, found] = boost::edge(chain[i], chain[i + 1], graph);
      path += "\n  " + std::string(keys[chain[i]]) + "\n    -> (rule " + (found ? graph[edge].rule : "?") + ")";
    }
    path += "\n  " + std::string(keys[to]);
  }
  return {Diagnostic{{}, "the ordering rules form a cycle, so no order satisfies them:" + path}};
}

}  // namespace

Result<std::vector<size_t>> order_actions(const std::vector<Action>& actions, const std::vector<OrderingEdge>& edges) {
  // Work on sorted vertices; map back to the caller's indexes at the end. Everything here is
  // hashed or precomputed: a large upgrade has 100,000 steps, one ConfigMap update with tens
  // of thousands of restarts after it, and a lookup per comparison or edge would be quadratic.
  std::vector<std::string> target(actions.size());
  for (size_t i = 0; i < actions.size(); ++i) target[i] = actions[i].target.str();
  std::vector<size_t> by_key(actions.size());
  for (size_t i = 0; i < by_key.size(); ++i) by_key[i] = i;
  // Ties go by resource id, then key: the steps on one object stay together, and an
  // update is followed by its own wait before another object is touched.
  std::ranges::sort(by_key, [&](size_t a, size_t b) {
    return std::tie(target[a], actions[a].key) < std::tie(target[b], actions[b].key);
  });
  std::unordered_map<std::string_view, Vertex> vertex_of;
  vertex_of.reserve(actions.size());
  std::vector<std::string_view> keys(actions.size());
  for (size_t v = 0; v < by_key.size(); ++v) {
    keys[v] = actions[by_key[v]].key;
    vertex_of.emplace(keys[v], v);
  }

  Graph graph(actions.size());
  std::unordered_set<std::uint64_t> linked;  // (from, to) pairs already in the graph
  linked.reserve(edges.size());
  for (const auto& edge : edges) {
    auto from = vertex_of.find(edge.before), to = vertex_of.find(edge.after);
    if (from == vertex_of.end() || to == vertex_of.end())
      return fail("ordering rule " + edge.rule + " names a step that is not in the plan: " +
                  (from == vertex_of.end() ? edge.before : edge.after));
    if (linked.insert(std::uint64_t{from->second} << 32 | to->second).second)
      boost::add_edge(from->second, to->second, EdgeRule{edge.rule}, graph);
  }

  // Kahn's algorithm with the smallest ready vertex (resource id, then key) first.
  std::vector<size_t> waiting(actions.size());
  std::priority_queue<Vertex, std::vector<Vertex>, std::greater<>> ready;
  for (Vertex v = 0; v < waiting.size(); ++v) {
    waiting[v] = boost::in_degree(v, graph);
    if (waiting[v] == 0) ready.push(v);
  }
  std::vector<size_t> order;
  while (!ready.empty()) {
    Vertex v = ready.top();
    ready.pop();
    order.push_back(by_key[v]);
    for (auto [it, end] = boost::out_edges(v, graph); it != end; ++it)
      if (--waiting[boost::target(*it, graph)] == 0) ready.push(boost::target(*it, graph));
  }
  if (order.size() != actions.size()) return std::unexpected(describe_cycle(graph, keys));
  return order;
}

}  // namespace synops
