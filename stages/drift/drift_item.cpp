#include "drift_item.h"

#include <algorithm>
#include <tuple>

namespace synops {

std::string_view to_string(DriftKind kind) {
  switch (kind) {
    case DriftKind::field: return "field";
    case DriftKind::image: return "image";
    case DriftKind::config_not_in_effect: return "config-not-in-effect";
    case DriftKind::instance_map: return "instance-map";
    case DriftKind::pending_restart: return "pending-restart";
    case DriftKind::effective_setting: return "effective-setting";
  }
  return "unknown";
}

bool drift_item_before(const DriftItem& a, const DriftItem& b) {
  return std::tie(a.kind, a.object, a.path, a.message) < std::tie(b.kind, b.object, b.path, b.message);
}

int DriftReport::count(DriftKind kind) const {
  return static_cast<int>(std::ranges::count(items, kind, &DriftItem::kind));
}

}  // namespace synops
