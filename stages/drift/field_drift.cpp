#include "field_drift.h"

#include <map>
#include <utility>

namespace synops {

namespace {

DriftItem item_of(const Action& action, const Change& change) {
  DriftItem item;
  item.kind = DriftKind::field;
  item.object = action.target;
  item.path = change.path.str();
  item.live = change.before;
  item.desired = change.after;
  item.sensitive = change.sensitive;
  item.where = change.origin;
  item.message = change.reason;
  return item;
}

}  // namespace

std::vector<DriftItem> field_drift(const Plan& plan) {
  std::map<std::pair<ObjectRef, std::string>, DriftItem> by_field;
  for (const auto& action : plan.actions) {
    if (action.type != ActionType::update) continue;
    for (const auto& change : action.changes) {
      auto [it, inserted] = by_field.try_emplace({action.target, change.path.str()}, item_of(action, change));
      // Plan order is execution order: the last step holds the final value, the first the live one.
      if (!inserted) it->second.desired = change.after;
    }
  }
  std::vector<DriftItem> items;
  for (auto& [key, item] : by_field) items.push_back(std::move(item));
  return items;
}

}  // namespace synops
