// What `synops drift` reports: one item per way the live deployment differs from the
// manifests, whether in a field synops owns or in what is actually running (effective
// state). Kinds form a small closed set, so alerts can be written per kind.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/object_ref.h"
#include "engine/source_position.h"

namespace synops {

enum class DriftKind {
  field,                 // an owned field differs (what `plan` would change)
  image,                 // a pod runs another image than its workload's template
  config_not_in_effect,  // pods started before the homeserver.yaml they should run
  instance_map,          // the live homeserver.yaml fails Synapse's worker checks
  pending_restart,       // a PostgreSQL setting waits for a server restart
  effective_setting,     // a PostgreSQL setting in effect differs from the manifests
};

// Every kind, in report order: metrics list all of them, zeros included.
inline constexpr std::array kAllDriftKinds = {DriftKind::field,        DriftKind::image,
                                              DriftKind::config_not_in_effect, DriftKind::instance_map,
                                              DriftKind::pending_restart,      DriftKind::effective_setting};

// "field", "image", "config-not-in-effect", "instance-map", "pending-restart", "effective-setting".
std::string_view to_string(DriftKind kind);

struct DriftItem {
  DriftKind kind = DriftKind::field;
  ObjectRef object;               // the drifted object (the Pod, for pod-level drift)
  std::optional<ObjectRef> owner; // the workload owning a drifted pod: ignore rules match it too
  std::string path;               // JSON Pointer into `object`; "#" continues into an embedded document
  nlohmann::json live;            // null when absent or not a single value
  nlohmann::json desired;
  bool sensitive = false;         // values are shown as "(sensitive)"
  SourcePosition where;           // the manifest value behind the item, when there is one
  std::string message;            // one sentence: why this is drift
};

// Report order: kind, then object, path and message, so output never depends on the
// order in which checks ran.
bool drift_item_before(const DriftItem& a, const DriftItem& b);

struct DriftReport {
  std::vector<DriftItem> items;      // sorted with drift_item_before
  int ignored = 0;                   // items dropped by drift.ignore rules
  std::vector<std::string> warnings; // the manifests break a safety rule (the plan would be refused)
  std::vector<std::string> notes;    // what could not be checked, and why

  bool in_sync() const { return items.empty(); }
  int count(DriftKind kind) const;
};

}  // namespace synops
