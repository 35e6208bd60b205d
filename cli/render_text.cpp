// The plan for a terminal or a CI log: summary, then each step in order with its reason.
#include <fmt/format.h>

#include "plan_check.h"
#include "render.h"

namespace synops::cli {

namespace {

std::string headline(const Plan& plan, const Style& style) {
  const auto& s = plan.summary;
  std::string risk = std::string(to_string(s.risk));
  for (auto& c : risk) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::string line = fmt::format("Plan: {} field change{} in {} step{}, risk {}", s.changes, s.changes == 1 ? "" : "s",
                                 plan.actions.size(), plan.actions.size() == 1 ? "" : "s",
                                 s.risk >= Risk::high ? style.red(risk) : style.yellow(risk));
  if (s.backup_required) line += ", backup required";
  if (s.maintenance_window) line += ", maintenance window required";
  else if (s.risk == Risk::medium) line += ", maintenance window recommended";
  return style.bold(line) + "\n";
}

// "  FOREIGN: ..." at the end of a marked line, nothing on synops's own.
std::string mark_suffix(Foreign foreign, const Style& style) {
  return foreign == Foreign::none ? "" : "  " + style.red(style.bold(mark_text(foreign)));
}

std::string change_line(const Change& change, Foreign foreign, const RenderOptions& options) {
  std::string line = fmt::format("      {} {}: {} -> {}{}\n", change.after.is_null() ? "-" : change.before.is_null() ? "+" : "~",
                                 change.path.str(), display_value(change.before, change.sensitive),
                                 display_value(change.after, change.sensitive), mark_suffix(foreign, options.style));
  if (options.explain && !change.reason.empty()) line += options.style.dim("          because: " + change.reason) + "\n";
  return line;
}

std::string step_block(const Action& action, size_t index, const RenderOptions& options) {
  const Style& style = options.style;
  std::string out = fmt::format("  {:>4} {} {} {}  [{}]{}\n", action.id, symbol(action.type),
                                style.bold(std::string(to_string(action.type))), action.target.str(), to_string(action.risk),
                                mark_suffix(step_mark(options, index), style));
  if (!action.reason.empty()) out += "       " + action.reason + "\n";
  for (size_t i = 0; i < action.changes.size(); ++i) out += change_line(action.changes[i], change_mark(options, index, i), options);
  if (!action.reversible)
    out += style.yellow("       point of no return: once it has taken effect, rollback stops here; " + action.irreversible_because) + "\n";
  if (options.explain)
    for (const auto& dependency : action.depends_on)
      out += style.dim(fmt::format("       after {} ({})", dependency.id, dependency.rule)) + "\n";
  return out;
}

}  // namespace

std::string render_text(const Plan& plan, const RenderOptions& options) {
  const Style& style = options.style;
  std::string out;
  if (options.check != nullptr) {
    for (const auto& line : check_summary(*options.check)) out += line + "\n";
    out += "\n";
  }
  // First, so the reviewer knows before the window that apply would stop here.
  if (!plan.health_warnings.empty()) {
    out += style.yellow(style.bold("Warning: " + health_warning_heading())) + "\n";
    for (const auto& line : health_warning_lines(plan)) out += "  - " + line + "\n";
    out += "\n";
  }
  if (plan.empty() && !plan.refused()) return out + "No changes. The live state matches the manifests.\n";
  out += headline(plan, style);
  if (!plan.summary.restarts.empty()) {
    out += "Restarts:\n";
    for (const auto& target : plan.summary.restarts) out += "  " + target + "\n";
  }
  for (const auto& step : points_of_no_return(plan))
    out += "Point of no return: " + step + ". A failure after it is rolled back only as far as this step.\n";
  out += "\nSteps, in order (+ backup  ~ update  * create  ! restart  > wait  | pause  ? verify  # maintenance):\n";
  for (size_t i = 0; i < plan.actions.size(); ++i) out += step_block(plan.actions[i], i, options);
  if (!plan.notes.empty()) {
    out += "\nNotes:\n";
    for (const auto& note : plan.notes) out += "  - " + note + "\n";
  }
  if (plan.refused()) {
    out += "\n" + style.red(style.bold("Refused: the plan breaks a safety rule and will not be applied.")) + "\n";
    for (const auto& refusal : plan.refusals)
      out += fmt::format("  - [{}] {}{}\n", refusal.rule, refusal.where.known() ? refusal.where.str() + ": " : "", refusal.message);
  }
  return out;
}

}  // namespace synops::cli
