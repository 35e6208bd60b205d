// The plan as a pull-request comment: the summary a reviewer needs in thirty seconds
// first, then the ordered steps with reasons, the field changes collapsed.
#include <fmt/format.h>

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

std::string step_details(const Action& action) {
  if (action.changes.empty()) return {};
  std::string out = "<details><summary>" + std::to_string(action.changes.size()) + " field change" +
                    (action.changes.size() == 1 ? "" : "s") + "</summary>\n\n| path | before | after | why |\n|---|---|---|---|\n";
  for (const auto& change : action.changes)
    out += fmt::format("| `{}` | `{}` | `{}` | {} |\n", escape_cell(change.path.str()),
                       escape_cell(display_value(change.before, change.sensitive)),
                       escape_cell(display_value(change.after, change.sensitive)), escape_cell(change.reason));
  return out + "\n</details>\n";
}

}  // namespace

std::string render_markdown(const Plan& plan) {
  std::string out = "## synops plan\n\n";
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
  for (const auto& action : plan.actions) {
    out += fmt::format("{}. **{}** `{}` ({} risk){}: {}\n", action.id.substr(1), to_string(action.type), action.target.str(),
                       to_string(action.risk), action.reversible ? "" : ", **point of no return**", action.reason);
    const std::string details = step_details(action);
    if (!details.empty()) out += "\n" + details + "\n";
  }
  return out;
}

}  // namespace synops::cli
