#include "journal_state.h"

namespace synops::apply {

bool JournalState::changed_cluster() const {
  for (const auto& [id, begin] : begin_of)
    if (const std::string type = begin.value("type", ""); type == "update" || type == "restart") return true;
  return false;
}

JournalState journal_state(const std::vector<nlohmann::json>& records) {
  JournalState state;
  for (const auto& record : records) {
    const std::string type = record.value("record", "");
    const std::string step = record.value("step", "");
    if (type == "header") state.header = record;
    else if (type == "step-begin" && !state.begin_of.contains(step)) {
      state.begun.push_back(step);
      state.begin_of[step] = record;
    } else if (type == "step-done") state.done.insert(step);
    else if (type == "undo-done") state.undone.insert(step);
    else if (type == "end") state.outcome = record.value("outcome", "");
    else if (type == "rollback-begin") state.rollback_started = true;
  }
  return state;
}

}  // namespace synops::apply
