#include "action.h"

#include <array>

namespace synops {

namespace {
constexpr std::array<std::string_view, 6> kTypeNames = {"backup", "update", "restart", "wait", "verify", "maintenance"};
// ASCII, so that plans read the same in a terminal, a CI log and a pull-request comment.
constexpr std::array<std::string_view, 6> kSymbols = {"+", "~", "!", ">", "?", "#"};
}  // namespace

std::string_view to_string(ActionType type) { return kTypeNames[static_cast<size_t>(type)]; }

std::string_view symbol(ActionType type) { return kSymbols[static_cast<size_t>(type)]; }

std::optional<ActionType> action_type_from_string(std::string_view text) {
  for (size_t i = 0; i < kTypeNames.size(); ++i)
    if (kTypeNames[i] == text) return static_cast<ActionType>(i);
  return std::nullopt;
}

}  // namespace synops
