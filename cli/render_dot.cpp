// The plan graph for Graphviz: one node per step, edges labelled with the ordering rule.
#include <fmt/format.h>

#include "render.h"

namespace synops::cli {

namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string render_dot(const Plan& plan) {
  std::string out = "digraph plan {\n  rankdir=TB;\n  node [shape=box, fontname=\"monospace\"];\n";
  for (const auto& action : plan.actions)
    out += fmt::format("  {} [label={}{}];\n", action.id,
                       quoted(fmt::format("{} {} {}\n{} risk{}", action.id, to_string(action.type), action.target.str(),
                                          to_string(action.risk), action.reversible ? "" : "\npoint of no return")),
                       action.reversible ? "" : ", peripheries=2");
  for (const auto& action : plan.actions)
    for (const auto& dependency : action.depends_on)
      out += fmt::format("  {} -> {} [label={}];\n", dependency.id, action.id, quoted(dependency.rule));
  return out + "}\n";
}

}  // namespace synops::cli
