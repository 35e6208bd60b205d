#include "executor.h"

#include <fmt/format.h>

#include "engine/plan_json.h"
#include "interrupt.h"
#include "rollback.h"
#include "steps.h"

namespace synops::apply {

namespace {

std::string step_label(const Plan& plan, size_t index) {
  const Action& action = plan.actions[index];
  return fmt::format("[{}/{}] {} {}", index + 1, plan.actions.size(), to_string(action.type), action.target.str());
}

RunResult stopped(ApplyContext& context, const std::string& at) {
  (void)context.journal.write({{"record", "stopped"}, {"at_step", at}, {"reason", "interrupted"}});
  return RunResult{Outcome::interrupted, "interrupted before " + at, {}};
}

// The step failed: journal it, then undo what ran. Before any change there is nothing to undo.
RunResult failed(ApplyContext& context, const Plan& plan, const Action& action, const std::string& error) {
  (void)context.journal.write({{"record", "step-failed"}, {"step", action.id}, {"error", error}});
  const std::string failure = action.id + " (" + std::string(to_string(action.type)) + " " + action.target.str() + ") failed: " + error;
  if (interrupted()) return RunResult{Outcome::interrupted, failure, {}};
  auto records = read_journal(context.journal.path());
  if (!records) return RunResult{Outcome::rollback_incomplete, failure, {records.error().front().message}};
  const JournalState state = journal_state(records->records);
  bool changed = false;
  for (const auto& id : state.begun)
    if (const auto type = state.begin_of.at(id).value("type", ""); type == "update" || type == "restart") changed = true;
  if (!changed) {
    (void)context.journal.write({{"record", "end"}, {"outcome", "failed-before-change"}});
    return RunResult{Outcome::failed_before_change, failure, {}};
  }
  context.progress("rolling back: " + failure);
  RunResult result = roll_back(context, plan, state);
  result.failure = failure;
  return result;
}

}  // namespace

nlohmann::json journal_header(const Plan& plan, const std::string& lock_id, const std::string& ns, const ApplyOptions& options) {
  nlohmann::json database = nullptr;
  if (options.database) {
    const auto& c = *options.database;
    database = {{"host", c.host.value}, {"port", c.port}, {"dbname", c.dbname}, {"user", c.user}, {"passfile", c.passfile}, {"sslmode", c.sslmode}};
  }
  return {{"record", "header"}, {"format", kJournalFormat}, {"version", kJournalVersion}, {"lock_id", lock_id},
          {"namespace", ns},     {"database", database},     {"plan", plan_to_json(plan)}};
}

RunResult execute_plan(ApplyContext& context, const Plan& plan, const JournalState& previous) {
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& action = plan.actions[i];
    const std::string label = step_label(plan, i);
    if (previous.done.contains(action.id)) continue;
    if (interrupted()) return stopped(context, action.id);
    if (auto renewed = context.lock.renew(); !renewed) return failed(context, plan, action, renewed.error().front().message);
    context.progress(label + (action.reason.empty() ? "" : " — " + action.reason));
    const auto earlier = previous.begin_of.find(action.id);
    auto begin = begin_step(context, action, earlier == previous.begin_of.end() ? nullptr : &earlier->second);
    if (!begin) return failed(context, plan, action, begin.error().front().message);
    if (auto written = context.journal.write(*begin); !written) return RunResult{Outcome::rollback_incomplete, written.error().front().message, {}};
    auto done = perform_step(context, plan, action, *begin, label);
    if (!done) return failed(context, plan, action, done.error().front().message);
    nlohmann::json record = {{"record", "step-done"}, {"step", action.id}, {"result", *done}};
    if (auto written = context.journal.write(record); !written) return RunResult{Outcome::rollback_incomplete, written.error().front().message, {}};
  }
  (void)context.journal.write({{"record", "end"}, {"outcome", "applied"}});
  return RunResult{Outcome::applied, "", {}};
}

}  // namespace synops::apply
