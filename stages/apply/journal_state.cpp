#include "journal_state.h"

namespace synops::apply {

bool JournalState::changed_cluster() const {
  for (const auto& [id, begin] : begin_of)
    if (const std::string type = begin.value("type", ""); type == "update" || type == "restart") return true;
  return false;
}

namespace {

// A run resumed after its rollback stopped at a point of no return: the steps that rollback
// undid run again from a fresh before-image, and a later rollback starts anew.
void forget_undone(JournalState& state) {
  for (const auto& id : state.undone) {
    state.done.erase(id);
    state.result_of.erase(id);
    state.begin_of.erase(id);
    std::erase(state.begun, id);
  }
  state.undone.clear();
  state.rollback_started = false;
  state.outcome.clear();
}

}  // namespace

JournalState journal_state(const std::vector<nlohmann::json>& records) {
  JournalState state;
  for (const auto& record : records) {
    const std::string type = record.value("record", "");
    const std::string step = record.value("step", "");
    if (type == "header") state.header = record;
    else if (type == "step-begin" && !state.begin_of.contains(step)) {
      state.begun.push_back(step);
      state.begin_of[step] = record;
    } else if (type == "step-done") {
      state.done.insert(step);
      state.result_of[step] = record.value("result", nlohmann::json());
    } else if (type == "undo-done") state.undone.insert(step);
    else if (type == "resumed" && state.stopped_at_barrier()) forget_undone(state);
    else if (type == "end") state.outcome = record.value("outcome", "");
    else if (type == "rollback-begin") state.rollback_started = true;
  }
  return state;
}

}  // namespace synops::apply
