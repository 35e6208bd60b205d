// The guide's safety levels (§1.2), ordered so that max() gives a plan's level.
#pragma once
#include <optional>
#include <string_view>

namespace synops {

enum class Risk { low = 0, medium = 1, high = 2, critical = 3 };

std::string_view to_string(Risk risk);
std::optional<Risk> risk_from_string(std::string_view text);

// What the level demands (§1.2): backups from medium up, a maintenance window from high up.
inline bool backup_required(Risk risk) { return risk >= Risk::medium; }
inline bool maintenance_window_required(Risk risk) { return risk >= Risk::high; }

}  // namespace synops
