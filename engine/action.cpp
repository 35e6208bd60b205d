#include "action.h"

#include <array>

namespace synops {

namespace {

constexpr std::array<std::string_view, 8> kTypeNames = {"backup", "update", "restart", "wait", "pause", "verify", "maintenance", "create"};
// ASCII, so that plans read the same in a terminal, a CI log and a pull-request comment.
constexpr std::array<std::string_view, 8> kSymbols = {"+", "~", "!", ">", "|", "?", "#", "*"};
constexpr std::array<std::string_view, 2> kRestartModes = {"rolling", "stop-start-together"};
constexpr std::array<std::string_view, 2> kBackupMethods = {"pg_dump", "object-copy"};
constexpr std::array<std::string_view, 2> kMaintenanceMethods = {"scale-to-zero", "page"};

template <class Enum, size_t N>
std::optional<Enum> from_name(const std::array<std::string_view, N>& names, std::string_view text) {
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == text) return static_cast<Enum>(i);
  return std::nullopt;
}

}  // namespace

std::string_view to_string(ActionType type) { return kTypeNames[static_cast<size_t>(type)]; }
std::string_view symbol(ActionType type) { return kSymbols[static_cast<size_t>(type)]; }
std::optional<ActionType> action_type_from_string(std::string_view text) { return from_name<ActionType>(kTypeNames, text); }

std::string_view to_string(RestartMode mode) { return kRestartModes[static_cast<size_t>(mode)]; }
std::optional<RestartMode> restart_mode_from_string(std::string_view text) {
  return from_name<RestartMode>(kRestartModes, text);
}

std::string_view to_string(BackupMethod method) { return kBackupMethods[static_cast<size_t>(method)]; }
std::optional<BackupMethod> backup_method_from_string(std::string_view text) {
  return from_name<BackupMethod>(kBackupMethods, text);
}

std::string_view to_string(MaintenanceMethod method) { return kMaintenanceMethods[static_cast<size_t>(method)]; }
std::optional<MaintenanceMethod> maintenance_method_from_string(std::string_view text) {
  return from_name<MaintenanceMethod>(kMaintenanceMethods, text);
}

}  // namespace synops
