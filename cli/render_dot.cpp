// The plan graph for Graphviz: one node per step, edges labelled with the ordering rule.
#include <fmt/format.h>

#include "render.h"

namespace synops::cli {

namespace {

std::string dot_quoted(const std::string& text) {
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

// A step marked itself or through one of its changes: the graph shows steps, not fields.
Foreign node_mark(const Action& action, size_t index, const RenderOptions& options) {
  if (Foreign foreign = step_mark(options, index); foreign != Foreign::none) return foreign;
  for (size_t i = 0; i < action.changes.size(); ++i)
    if (Foreign foreign = change_mark(options, index, i); foreign != Foreign::none) return foreign;
  return Foreign::none;
}

}  // namespace

std::string render_dot(const Plan& plan, const RenderOptions& options) {
  std::string out = "digraph plan {\n  rankdir=TB;\n  node [shape=box, fontname=\"monospace\"];\n";
  if (!plan.health_warnings.empty()) {  // the graph's own label, on top, in red
    std::string label = "Warning: " + health_warning_heading();
    for (const auto& line : health_warning_lines(plan)) label += "\n" + line;
    out += fmt::format("  labelloc=t;\n  fontcolor=red;\n  label={};\n", dot_quoted(label));
  }
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& action = plan.actions[i];
    const Foreign foreign = node_mark(action, i, options);
    std::string label = fmt::format("{} {} {}\n{} risk", action.id, to_string(action.type), action.target.str(), to_string(action.risk));
    if (!action.reversible) label += "\npoint of no return";
    const std::string border = action.reversible ? "" : ", peripheries=2";
    // Ids are quoted: a plan file's id is input, and must not add nodes or edges of its own.
    if (foreign == Foreign::none) out += fmt::format("  {} [label={}{}];\n", dot_quoted(action.id), dot_quoted(label), border);
    else
      out += fmt::format("  {} [label={}{}, color=red, fontcolor=red];\n", dot_quoted(action.id), dot_quoted(label + "\n" + mark_text(foreign)),
                         border);
  }
  for (const auto& action : plan.actions)
    for (const auto& dependency : action.depends_on)
      out += fmt::format("  {} -> {} [label={}];\n", dot_quoted(dependency.id), dot_quoted(action.id), dot_quoted(dependency.rule));
  return out + "}\n";
}

}  // namespace synops::cli
