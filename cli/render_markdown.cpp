// The plan as a pull-request comment a reviewer reads in ten seconds: where it comes from, one
// line of what changes, GitHub alerts for what cannot be undone or is refused, one table of
// every field change (wrapped to fit GitHub's column), and, collapsed, the order as a mermaid
// diagram and the steps with their reasons. A plan file is input: everything taken from it is
// escaped, so it can add no markup of its own.
#include <cctype>
#include <string_view>

#include <fmt/format.h>

#include "engine/plan_json.h"
#include "plan_check.h"
#include "render.h"

namespace synops::cli {

namespace {

constexpr size_t kCellWidth = 24;      // characters of a wrapped cell line: five fit GitHub's column
constexpr size_t kCellLines = 4;       // a longer value is cut with "…" (the JSON has it whole)
constexpr size_t kFingerprintShown = 19;  // "sha256:" and 12 hex digits

// Text outside code: markdown and HTML punctuation escaped, one line.
std::string escape_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') out += ' ';
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else if (c == '|') out += "&#124;";
    else if (c == '\\' || c == '`' || c == '*' || c == '[' || c == ']' || c == '~') out += std::string("\\") + c;
    else out += c;
  }
  return out;
}

// A code span; a backtick inside would end it, so it becomes a quote.
std::string code(std::string text) {
  for (char& c : text)
    if (c == '`') c = '\'';
    else if (c == '\n' || c == '\r' || c == '|') c = c == '|' ? '/' : ' ';
  return "`" + text + "`";
}

bool continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Where a line may end before `at`: first choice before a '/' or '#' (a path keeps its
// segments whole), second after ':', ',', ' ', '-', '.' or '='.
int break_quality(const std::string& text, size_t at) {
  if (text[at] == '/' || text[at] == '#') return 2;
  return std::string_view(":, -.=").find(text[at - 1]) != std::string_view::npos ? 1 : 0;
}

// The best place to end a line that starts at `at` and may not pass `end`: the last break of
// the best quality in the line's second half; `end` itself when there is none.
size_t line_end(const std::string& text, size_t at, size_t end) {
  size_t best = end;
  int quality = 0;
  for (size_t i = end; i > at + kCellWidth / 2; --i)
    if (const int q = break_quality(text, i); q > quality) best = i, quality = q;
  return best;
}

// Lines of at most kCellWidth bytes, broken softly in the second half of a line when it can
// be, never inside a UTF-8 character; past kCellLines lines the last is cut with "…".
std::vector<std::string> wrapped(const std::string& text) {
  std::vector<std::string> lines;
  size_t at = 0;
  while (at < text.size()) {
    if (lines.size() + 1 == kCellLines && text.size() - at > kCellWidth) {
      size_t end = at + kCellWidth - 1;
      while (end > at && continuation_byte(text[end])) --end;
      lines.push_back(text.substr(at, end - at) + "…");
      return lines;
    }
    size_t end = std::min(text.size(), at + kCellWidth);
    if (end < text.size()) {
      end = line_end(text, at, end);
      while (end > at + 1 && continuation_byte(text[end])) --end;
    }
    lines.push_back(text.substr(at, end - at));
    at = end;
  }
  return lines;
}

// A table cell in code type, wrapped with <br> (a code span cannot hold one, <code> can).
std::string code_cell(const std::string& text) {
  std::string out;
  for (const auto& line : wrapped(text)) out += (out.empty() ? "" : "<br>") + escape_text(line);
  return "<code>" + out + "</code>";
}

bool cut(const std::string& text) { return wrapped(text).back().ends_with("…"); }

std::string bold_mark(Foreign foreign) { return foreign == Foreign::none ? "" : "**" + mark_text(foreign) + "**"; }

std::string source_text(const nlohmann::ordered_json& source) {
  if (!source.is_object()) return "an unknown source";
  if (source.contains("snapshot") && source["snapshot"].is_string()) return "snapshot " + code(source["snapshot"].get<std::string>());
  std::string out = "context " + code(source.value("context", std::string("(default)")));
  if (source.contains("server") && source["server"].is_string()) out += " (" + code(source["server"].get<std::string>()) + ")";
  return out;
}

// Where the plan came from, small, under the title.
std::string header(const Plan& plan, const RenderOptions& options) {
  std::string fingerprint = plan.live_fingerprint.substr(0, kFingerprintShown);
  std::string out = "<sub>";
  if (options.origin == nullptr || options.origin->synops_version.empty())
    out += "Made by a synops older than plan format 3.0, which did not record its source or time";
  else
    out += fmt::format("Planned from {} at {} by synops {}", source_text(options.origin->source), escape_text(options.origin->created_at),
                       escape_text(options.origin->synops_version));
  if (!fingerprint.empty()) out += " · live fingerprint " + code(fingerprint);
  return out + "</sub>\n\n";
}

std::string check_quote(const PlanCheck& check) {
  std::string out;
  for (const auto& line : check_summary(check)) out += (out.empty() ? "> " : ">\n> ") + escape_text(line) + "\n";
  return out + "\n";
}

// GitHub alerts: CAUTION shows in red, WARNING in yellow, above everything else a reviewer reads.
std::string health_caution(const Plan& plan) {
  if (plan.health_warnings.empty()) return {};
  std::string heading = health_warning_heading();
  heading[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(heading[0])));
  std::string out = "> [!CAUTION]\n> " + heading + "\n>\n";
  for (const auto& warning : plan.health_warnings) out += fmt::format("> - {}: {}\n", code(warning.ref.str()), escape_text(warning.message));
  return out + "\n";
}

std::string refusal_caution(const Plan& plan) {
  if (!plan.refused()) return {};
  std::string out = "> [!CAUTION]\n> **Refused.** This plan breaks a safety rule and will not be applied:\n>\n";
  for (const auto& r : plan.refusals)
    out += fmt::format("> - {}: {}{}\n", code(r.rule), r.where.known() ? code(r.where.str()) + " " : "", escape_text(r.message));
  return out + "\n";
}

std::string step_name(const Action& action) {
  return fmt::format("{} {} {}", escape_text(action.id), to_string(action.type), code(action.target.str()));
}

std::string no_return_caution(const Plan& plan) {
  std::string out;
  for (const auto& action : plan.actions) {
    if (action.reversible) continue;
    out += fmt::format("> - **{}**: once it has taken effect, a failure is rolled back only as far as this step{}\n", step_name(action),
                       action.irreversible_because.empty() ? "" : ": " + escape_text(action.irreversible_because));
  }
  return out.empty() ? "" : "> [!CAUTION]\n> **Point of no return.**\n>\n" + out + "\n";
}

std::string high_risk_warning(const Plan& plan) {
  std::string out;
  for (const auto& action : plan.actions)  // a wait or pause is its change's shadow: the change is listed
    if (action.risk >= Risk::high && action.type != ActionType::wait && action.type != ActionType::pause) out += fmt::format("> - **{}** ({} risk): {}\n", step_name(action), to_string(action.risk), escape_text(action.reason));
  return out.empty() ? "" : "> [!WARNING]\n> **High risk.**\n>\n" + out + "\n";
}

std::string summary_table(const Plan& plan) {
  const auto& s = plan.summary;
  std::string out = "| Risk | Steps | Field changes | Backup | Maintenance window | Downtime |\n|---|---|---|---|---|---|\n";
  out += fmt::format("| **{}** | {} | {} | {} | {} | {} |\n\n", to_string(s.risk), plan.actions.size(), s.changes,
                     s.backup_required ? "required, taken first" : "not required", maintenance_level(s),
                     s.maintenance_window ? "possible: see the steps" : "none expected (rolling)");
  if (!s.restarts.empty()) {
    out += fmt::format("**Restarts ({}):** ", s.restarts.size());
    for (size_t i = 0; i < s.restarts.size(); ++i) out += (i == 0 ? "" : ", ") + code(s.restarts[i]);
    out += "\n\n";
  }
  return out;
}

std::string notes(const Plan& plan) {
  if (plan.notes.empty()) return {};
  std::string out = "> [!NOTE]\n";
  for (size_t i = 0; i < plan.notes.size(); ++i) out += (i == 0 ? "> " : ">\n> ") + escape_text(plan.notes[i]) + "\n";
  return out + "\n";
}

std::string change_table(const Plan& plan, const RenderOptions& options) {
  if (plan.summary.changes == 0) return {};
  std::string rows;
  bool any_cut = false;
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& action = plan.actions[i];
    for (size_t j = 0; j < action.changes.size(); ++j) {
      const Change& change = action.changes[j];
      const std::string before = display_value(change.before, change.sensitive), after = display_value(change.after, change.sensitive);
      const std::string mark = bold_mark(change_mark(options, i, j));
      any_cut = any_cut || cut(before) || cut(after);
      rows += fmt::format("| {} | {} | {}{} | {} | {} |\n", escape_text(action.id), code_cell(action.target.str()), code_cell(change.path.str()),
                          mark.empty() ? "" : "<br>" + mark, code_cell(before), code_cell(after));
    }
  }
  std::string out = "### Field changes\n\n| step | object | field | before | after |\n|---|---|---|---|---|\n" + rows + "\n";
  if (any_cut) out += "Values cut with … are whole in `synops plan -o json` (or `synops show PLANFILE -o json`).\n\n";
  return out;
}

// A mermaid label in quotes: mermaid's entity codes for what would end or mark it up.
std::string mermaid_label(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '"') out += "#quot;";
    else if (c == '#') out += "#35;";
    else if (c == '<') out += "#lt;";
    else if (c == '>') out += "#gt;";
    else if (c == '`') out += "#96;";
    else if (c == '&') out += "#amp;";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return "\"" + out + "\"";
}

bool marked(const Action& action, size_t index, const RenderOptions& options) {
  if (step_mark(options, index) != Foreign::none) return true;
  for (size_t j = 0; j < action.changes.size(); ++j)
    if (change_mark(options, index, j) != Foreign::none) return true;
  return false;
}

// Nodes by risk colour (GitHub's alert colours), wait and pause steps rounded, a point of no
// return with a thick border, a foreign step with a dashed red one.
std::string order_diagram(const Plan& plan, const RenderOptions& options) {
  const auto edges = reduced_order(plan);
  std::string out = fmt::format("<details><summary>Order of the {} steps (diagram)</summary>\n\n", plan.actions.size());
  out += "Colour: risk (green low, yellow medium, red high, dark red critical). Rounded: waits and pauses. Thick border: point of no return.\n\n";
  out += "```mermaid\nflowchart TD\n";
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& action = plan.actions[i];
    const std::string label = mermaid_label(fmt::format("{} {} {}", action.id, to_string(action.type), action.target.str()));
    const bool waits = action.type == ActionType::wait || action.type == ActionType::pause;
    out += fmt::format("  s{}{}{}{}:::{}\n", i + 1, waits ? "([" : "[", label, waits ? "])" : "]", to_string(action.risk));
  }
  for (const auto& edge : edges) out += fmt::format("  s{} --> s{}\n", edge.from + 1, edge.to + 1);
  out += "  classDef low fill:#dafbe1,stroke:#1a7f37,color:#1f2328\n"
         "  classDef medium fill:#fff8c5,stroke:#9a6700,color:#1f2328\n"
         "  classDef high fill:#ffebe9,stroke:#cf222e,color:#1f2328\n"
         "  classDef critical fill:#cf222e,stroke:#82071e,color:#ffffff\n";
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    std::string style;
    if (!plan.actions[i].reversible) style = "stroke-width:4px";
    if (marked(plan.actions[i], i, options)) style += std::string(style.empty() ? "" : ",") + "stroke:#cf222e,stroke-dasharray:5 5";
    if (!style.empty()) out += fmt::format("  style s{} {}\n", i + 1, style);
  }
  return out + "```\n\n</details>\n\n";
}

// The steps with their reasons; open when one is foreign, so a mark is never folded away.
std::string step_list(const Plan& plan, const RenderOptions& options) {
  bool any_marked = false;
  std::string items;
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& action = plan.actions[i];
    any_marked = any_marked || marked(action, i, options);
    const std::string mark = bold_mark(step_mark(options, i));
    items += fmt::format("{}. {}**{}** {} ({} risk){}: {}\n", i + 1, mark.empty() ? "" : mark + " ", to_string(action.type),
                         code(action.target.str()), to_string(action.risk), action.reversible ? "" : ", **point of no return**",
                         escape_text(action.reason));
  }
  return fmt::format("<details{}><summary>The {} steps in order, with their reasons</summary>\n\n", any_marked ? " open" : "",
                     plan.actions.size()) +
         items + "\n</details>\n";
}

}  // namespace

std::string render_markdown(const Plan& plan, const RenderOptions& options) {
  std::string out = "## synops plan\n\n" + header(plan, options);
  if (options.check != nullptr) out += check_quote(*options.check);
  out += health_caution(plan);
  if (plan.empty() && !plan.refused()) return out + "No changes. The live state matches the manifests.\n";
  out += "**" + escape_text(change_summary(plan)) + "**\n\n";
  out += refusal_caution(plan) + no_return_caution(plan) + high_risk_warning(plan);
  out += summary_table(plan) + notes(plan) + change_table(plan, options);
  if (!plan.actions.empty()) out += order_diagram(plan, options) + step_list(plan, options);
  return out;
}

}  // namespace synops::cli
