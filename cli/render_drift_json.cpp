// Drift as JSON for bots: {"format_version", "synops_version", "created_at", "source",
// "in_sync", "ignored", "notes", "items": [{kind, object, path, live, desired, where, message}]}; `notes` are the checks that could not be made. Sensitive values are "(sensitive)"; `where` is null when no
// manifest value is behind an item.
#include <nlohmann/json.hpp>

#include "engine/sensitivity.h"
#include "render_drift.h"

namespace synops::cli {

namespace {

// "MAJOR.MINOR": the minor grows with every addition, the major with any other change.
// 1.0 added the version, synops_version, created_at and source to the unversioned format.
constexpr std::string_view kDriftFormat = "1.0";

nlohmann::ordered_json value_of(const nlohmann::json& value, bool sensitive) {
  if (sensitive && !value.is_null()) return std::string(kSensitiveMark);
  return value;
}

nlohmann::ordered_json item_json(const DriftItem& item) {
  return {{"kind", std::string(to_string(item.kind))},
          {"object", item.object.str()},
          {"path", item.path},
          {"live", value_of(item.live, item.sensitive)},
          {"desired", value_of(item.desired, item.sensitive)},
          {"where", item.where.known() ? nlohmann::ordered_json(item.where.str()) : nlohmann::ordered_json()},
          {"message", item.message}};
}

}  // namespace

std::string render_drift_json(const DriftReport& report, const PlanOrigin& origin) {
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const auto& item : report.items) items.push_back(item_json(item));
  const nlohmann::ordered_json document = {{"format_version", kDriftFormat},
                                           {"synops_version", origin.synops_version},
                                           {"created_at", origin.created_at},
                                           {"source", origin.source},
                                           {"in_sync", report.in_sync()},
                                           {"ignored", report.ignored},
                                           {"notes", report.notes},
                                           {"items", std::move(items)}};
  return document.dump(2) + "\n";
}

}  // namespace synops::cli
