// The plan as a pull-request comment: the summary a reviewer needs in thirty seconds
// first, then the ordered steps with reasons, the field changes collapsed.
#include <cctype>

#include <fmt/format.h>

#include "plan_check.h"
#include "render.h"

namespace synops::cli {

namespace {

std::string escape_cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string summary_table(const Plan& plan) {
  const auto& s = plan.summary;
  std::string restarts;
  for (const auto& target : s.restarts) restarts += (restarts.empty() ? "`" : ", `") + target + "`";
  std::string out = "| | |\n|---|---|\n";
  out += fmt::format("| **Risk** | **{}** |\n", to_string(s.risk));
  out += fmt::format("| Steps | {} ({} field change{}) |\n", plan.actions.size(), s.changes, s.changes == 1 ? "" : "s");
  out += fmt::format("| Backup | {} |\n", s.backup_required ? "required, taken first" : "not required");
  out += fmt::format("| Maintenance window | {} |\n", s.maintenance_window ? "required" : s.risk == Risk::medium ? "recommended" : "no");
  out += fmt::format("| Restarts | {} |\n", restarts.empty() ? "none" : restarts);
  out += fmt::format("| Downtime | {} |\n", s.maintenance_window ? "possible: see the steps" : "none expected (rolling)");
  for (const auto& step : points_of_no_return(plan))
    out += fmt::format("| Point of no return | {}: a failure after it is rolled back only as far as this step |\n", escape_cell(step));
  return out;
}

std::string bold_mark(Foreign foreign) { return foreign == Foreign::none ? "" : "**" + mark_text(foreign) + "**"; }

bool any_change_marked(const Action& action, size_t index, const RenderOptions& options) {
  for (size_t i = 0; i < action.changes.size(); ++i)
    if (change_mark(options, index, i) != Foreign::none) return true;
  return false;
}

// A foreign change is never folded away: its table starts open.
std::string step_details(const Action& action, size_t index, const RenderOptions& options) {
  if (action.changes.empty()) return {};
  std::string out = std::string(any_change_marked(action, index, options) ? "<details open>" : "<details>") + "<summary>" +
                    std::to_string(action.changes.size()) + " field change" + (action.changes.size() == 1 ? "" : "s") +
                    "</summary>\n\n| path | before | after | why |\n|---|---|---|---|\n";
  for (size_t i = 0; i < action.changes.size(); ++i) {
    const Change& change = action.changes[i];
    const std::string mark = bold_mark(change_mark(options, index, i));
    out += fmt::format("| `{}` | `{}` | `{}` | {}{}{} |\n", escape_cell(change.path.str()),
                       escape_cell(display_value(change.before, change.sensitive)),
                       escape_cell(display_value(change.after, change.sensitive)), mark,
                       mark.empty() || change.reason.empty() ? "" : " ", escape_cell(change.reason));
  }
  return out + "\n</details>\n";
}

std::string check_quote(const PlanCheck& check) {
  std::string out;
  for (const auto& line : check_summary(check)) out += (out.empty() ? "> " : ">\n> ") + escape_cell(line) + "\n";
  return out + "\n";
}

// A GitHub alert, which a pull request shows in red above everything else.
std::string health_caution(const Plan& plan) {
  if (plan.health_warnings.empty()) return {};
  std::string heading = health_warning_heading();
  heading[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(heading[0])));
  std::string out = "> [!CAUTION]\n> " + heading + "\n>\n";
  for (const auto& warning : plan.health_warnings)
    out += fmt::format("> - `{}`: {}\n", escape_cell(warning.ref.str()), escape_cell(warning.message));
  return out + "\n";
}

}  // namespace

std::string render_markdown(const Plan& plan, const RenderOptions& options) {
  std::string out = "## synops plan\n\n";
  if (options.check != nullptr) out += check_quote(*options.check);
  out += health_caution(plan);
  if (plan.empty() && !plan.refused()) return out + "No changes. The live state matches the manifests.\n";
  if (plan.refused()) {
    out += "> **Refused.** This plan breaks a safety rule and will not be applied:\n";
    for (const auto& r : plan.refusals)
      out += fmt::format(">\n> - `{}`: {}{}\n", r.rule, r.where.known() ? "`" + r.where.str() + "` " : "", r.message);
    out += "\n";
  }
  out += summary_table(plan) + "\n";
  for (const auto& note : plan.notes) out += "> " + note + "\n>\n";
  if (!plan.notes.empty()) out += "\n";
  out += "### Steps\n\n";
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& action = plan.actions[i];
    const std::string mark = bold_mark(step_mark(options, i));
    out += fmt::format("{}. {}**{}** `{}` ({} risk){}: {}\n", action.id.substr(1), mark.empty() ? "" : mark + " ",
                       to_string(action.type), action.target.str(), to_string(action.risk),
                       action.reversible ? "" : ", **point of no return**", action.reason);
    const std::string details = step_details(action, i, options);
    if (!details.empty()) out += "\n" + details + "\n";
  }
  return out;
}

}  // namespace synops::cli
