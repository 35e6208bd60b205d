// The plan graph for Graphviz: one node per step, filled by risk (the markdown diagram's
// colours), waits and pauses as ellipses, a point of no return with a double border; only
// the ordering edges no other path implies (reduced_order), labelled with their rules.
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

// Fill and border by risk, as GitHub colours its alerts.
std::string risk_colours(Risk risk) {
  switch (risk) {
    case Risk::low: return "fillcolor=\"#dafbe1\", color=\"#1a7f37\"";
    case Risk::medium: return "fillcolor=\"#fff8c5\", color=\"#9a6700\"";
    case Risk::high: return "fillcolor=\"#ffebe9\", color=\"#cf222e\"";
    case Risk::critical: return "fillcolor=\"#cf222e\", color=\"#82071e\", fontcolor=white";
  }
  return {};
}

std::string shape(ActionType type) { return type == ActionType::wait || type == ActionType::pause ? ", shape=ellipse" : ""; }

}  // namespace

std::string render_dot(const Plan& plan, const RenderOptions& options) {
  std::string out = "digraph plan {\n  rankdir=TB;\n  node [shape=box, style=filled, fontname=\"monospace\"];\n";
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
    const std::string look = shape(action.type) + (action.reversible ? "" : ", peripheries=2");
    // Ids are quoted: a plan file's id is input, and must not add nodes or edges of its own.
    if (foreign == Foreign::none)
      out += fmt::format("  {} [label={}, {}{}];\n", dot_quoted(action.id), dot_quoted(label), risk_colours(action.risk), look);
    else
      out += fmt::format("  {} [label={}, {}{}, color=red, fontcolor=red, penwidth=2];\n", dot_quoted(action.id),
                         dot_quoted(label + "\n" + mark_text(foreign)), risk_colours(action.risk), look);
  }
  for (const auto& edge : reduced_order(plan)) {
    std::string rules;
    for (const auto& rule : edge.rules) rules += (rules.empty() ? "" : "\n") + rule;
    out += fmt::format("  {} -> {} [label={}];\n", dot_quoted(plan.actions[edge.from].id), dot_quoted(plan.actions[edge.to].id), dot_quoted(rules));
  }
  return out + "}\n";
}

}  // namespace synops::cli
