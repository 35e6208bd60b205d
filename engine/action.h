// A plan step: the small closed set of things synops does to a live object.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "change.h"
#include "object_ref.h"
#include "risk.h"

namespace synops {

enum class ActionType { backup, update, restart, wait, verify, maintenance };

std::string_view to_string(ActionType type);
std::optional<ActionType> action_type_from_string(std::string_view text);
// The symbol the text plan shows before a step ("~" update, "↻" restart ...).
std::string_view symbol(ActionType type);

// "a3 must wait for a2 because of rule main-before-workers".
struct Dependency {
  std::string id;
  std::string rule;
  auto operator<=>(const Dependency&) const = default;
};

struct Action {
  std::string key;  // stable identity used for tie-breaks and edges: "update StatefulSet/matrix/synapse-main"
  std::string id;   // "a1", "a2" ... assigned in plan order
  ActionType type = ActionType::update;
  ObjectRef target;
  std::vector<Change> changes;
  Risk risk = Risk::low;
  std::string reason;
  std::vector<Dependency> depends_on;
  bool reversible = true;
  std::string irreversible_because;  // why undo cannot restore it (schema migration ...)
  nlohmann::json params = nlohmann::json::object();  // step details: replicas, pause seconds, restart mode
};

}  // namespace synops
