// Drift for a terminal or a CI log: one summary line, then one line per item, grouped by
// kind, each group headed by what that kind of drift means.
#include <fmt/format.h>

#include "render.h"
#include "render_drift.h"

namespace synops::cli {

namespace {

std::string_view heading(DriftKind kind) {
  switch (kind) {
    case DriftKind::field: return "owned fields that differ from the manifests";
    case DriftKind::image: return "pods running another image than their workload's template";
    case DriftKind::config_not_in_effect: return "pods started before the homeserver.yaml they should run: restart them";
    case DriftKind::instance_map: return "homeserver.yaml problems that stop Synapse workers at their next start";
    case DriftKind::pending_restart: return "PostgreSQL settings waiting for a server restart";
    case DriftKind::effective_setting: return "PostgreSQL settings in effect that differ from the manifests";
  }
  return "";
}

std::string summary(const DriftReport& report, const Style& style) {
  std::string tail = report.ignored ? fmt::format(", {} more ignored by drift.ignore", report.ignored) : "";
  if (!report.notes.empty()) tail += fmt::format("; {} check{} could not be made (see stderr)", report.notes.size(),
                                                 report.notes.size() == 1 ? "" : "s");
  if (report.in_sync() && report.notes.empty())
    return style.green("No drift. The live state matches the manifests and is in effect.") + tail + "\n";
  if (report.in_sync()) return style.green("No drift found") + tail + ".\n";
  std::string counts;
  for (DriftKind kind : kAllDriftKinds)
    if (int n = report.count(kind)) counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", n, to_string(kind));
  const auto total = report.items.size();
  return style.bold(style.red(fmt::format("Drift: {} item{} ({})", total, total == 1 ? "" : "s", counts))) + tail + "\n";
}

std::string item_line(const DriftItem& item) {
  std::string line = "  " + item.object.str() + " " + item.path + ": ";
  if (item.live.is_null() && item.desired.is_null()) line += item.message;
  else
    line += fmt::format("live {}, desired {}", display_value(item.live, item.sensitive),
                        display_value(item.desired, item.sensitive));
  if (item.where.known()) line += "  (" + item.where.str() + ")";
  return line + "\n";
}

}  // namespace

std::string render_drift_text(const DriftReport& report, const Style& style) {
  std::string out = summary(report, style);
  for (DriftKind kind : kAllDriftKinds) {
    if (report.count(kind) == 0) continue;
    out += "\n" + style.bold(fmt::format("{} ({}): {}", to_string(kind), report.count(kind), heading(kind))) + "\n";
    for (const auto& item : report.items)
      if (item.kind == kind) out += item_line(item);
  }
  return out;
}

}  // namespace synops::cli
