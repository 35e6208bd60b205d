#include "executor.h"

#include <fmt/format.h>

#include "engine/plan_json.h"
#include "domain/apply_kit/interrupt.h"
#include "apply_lock.h"
#include "database_secrets.h"
#include "rollback.h"
#include "steps.h"

namespace synops::apply {

namespace {

std::string step_label(const Plan& plan, size_t index) {
  const Action& action = plan.actions[index];
  return fmt::format("[{}/{}] {} {}", index + 1, plan.actions.size(), to_string(action.type), action.target.str());
}

// "a4 (update Deployment/matrix/synapse-synchrotron)", as failures and what is left name steps.
std::string step_name(const Action& action) {
  return action.id + " (" + std::string(to_string(action.type)) + " " + action.target.str() + ")";
}

RunResult stopped(ApplyContext& context, const std::string& at, bool changed_cluster) {
  (void)context.journal.write({{"record", "stopped"}, {"at_step", at}, {"reason", "interrupted"}});
  return RunResult{Outcome::interrupted, "interrupted before " + at, {}, changed_cluster};
}

// The journal cannot be written. A change it cannot record is never sent, and neither is an
// undo: the run stops where the journal ends, which is exactly what resume and rollback read.
RunResult journal_failed(const Plan& plan, size_t index, const std::string& error, bool step_ran, bool changed_cluster) {
  const std::string step = step_name(plan.actions[index]);
  if (!changed_cluster) return RunResult{Outcome::failed_before_change, step + " was not started: " + error, {}, false};
  std::vector<std::string> remaining;
  if (step_ran)
    remaining.push_back(step + " ran, but the journal does not record that it finished; resume checks it against the cluster");
  else
    remaining.push_back(step + " was not started; the steps before it are applied");
  if (const size_t later = plan.actions.size() - index - 1; later > 0)
    remaining.push_back(fmt::format("{} later step{} ({} to {}) did not start", later, later == 1 ? "" : "s", plan.actions[index + 1].id,
                                    plan.actions.back().id));
  return RunResult{Outcome::stopped, error, std::move(remaining), true};
}

// The step failed: journal it, then undo what ran. Before any change there is nothing to undo.
RunResult failed(ApplyContext& context, const Plan& plan, size_t index, const std::string& error, bool changed_cluster) {
  const Action& action = plan.actions[index];
  (void)context.journal.write({{"record", "step-failed"}, {"step", action.id}, {"error", error}});
  const std::string failure = step_name(action) + " failed: " + error;
  if (context.journal.broken()) {
    if (!changed_cluster) return RunResult{Outcome::failed_before_change, failure, {}, false};
    return RunResult{Outcome::stopped, failure, {"nothing was rolled back: the journal cannot be written, and an undo is never sent unrecorded"}, true};
  }
  if (interrupted()) {  // the signal cut the step short: the journal says so, as between steps
    (void)context.journal.write({{"record", "stopped"}, {"at_step", action.id}, {"reason", "interrupted"}});
    return RunResult{Outcome::interrupted, failure, {}, changed_cluster};
  }
  // Fenced out: another run may hold the lock now, and every undo would be refused by the same
  // fence anyway. Stop, and say where things stand.
  if (error.find(kLostLock) != std::string::npos)
    return RunResult{Outcome::stopped, failure,
                     {"nothing was rolled back: this run no longer holds the apply lock, so another run may be changing the "
                      "deployment; see who holds the Lease synops-apply before you run synops resume or synops rollback"},
                     changed_cluster};
  auto records = context.journal.read_back();
  if (!records) return RunResult{Outcome::rollback_incomplete, failure, {records.error().front().message}};
  const JournalState state = journal_state(records->records);
  if (!state.changed_cluster()) {
    (void)context.journal.write({{"record", "end"}, {"outcome", "failed-before-change"}});
    return RunResult{Outcome::failed_before_change, failure, {}, false};
  }
  context.progress("rolling back: " + failure);
  RunResult result = roll_back(context, plan, state);
  result.failure = failure;
  return result;
}

}  // namespace

nlohmann::json journal_header(const Plan& plan, const std::string& lock_id, const std::string& ns, const ApplyOptions& options) {
  return {{"record", "header"}, {"format", kJournalFormat}, {"version", kJournalVersion}, {"lock_id", lock_id},
          {"namespace", ns},     {"database", connection_to_json(options.database)},
          {"li_database", connection_to_json(options.li_database)}, {"plan", plan_to_json(plan)}};
}

RunResult execute_plan(ApplyContext& context, const Plan& plan, const JournalState& previous) {
  bool changed_cluster = previous.changed_cluster();
  for (size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& action = plan.actions[i];
    const std::string label = step_label(plan, i);
    if (previous.done.contains(action.id)) continue;
    if (interrupted()) return stopped(context, action.id, changed_cluster);
    if (auto renewed = context.lock.renew(); !renewed) return failed(context, plan, i, renewed.error().front().message, changed_cluster);
    context.progress(label + (action.reason.empty() ? "" : " — " + action.reason));
    const auto earlier = previous.begin_of.find(action.id);
    auto begin = begin_step(context, action, earlier == previous.begin_of.end() ? nullptr : &earlier->second);
    if (!begin) return failed(context, plan, i, begin.error().front().message, changed_cluster);
    if (auto written = context.journal.write(*begin); !written)
      return journal_failed(plan, i, written.error().front().message, false, changed_cluster);
    changed_cluster = changed_cluster || writes_cluster(action);
    auto done = perform_step(context, plan, action, *begin, label);
    if (!done) return failed(context, plan, i, done.error().front().message, changed_cluster);
    nlohmann::json record = {{"record", "step-done"}, {"step", action.id}, {"result", *done}};
    if (auto written = context.journal.write(record); !written)
      return journal_failed(plan, i, written.error().front().message, true, changed_cluster);
  }
  (void)context.journal.write({{"record", "end"}, {"outcome", "applied"}});
  return RunResult{Outcome::applied, "", {}, changed_cluster};
}

}  // namespace synops::apply
