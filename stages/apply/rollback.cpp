#include "rollback.h"

#include <map>

#include <fmt/format.h>

#include "actuators.h"
#include "api_outage.h"
#include "point_of_no_return.h"
#include "steps.h"
#include "domain/apply_kit/step_wait.h"

namespace synops::apply {

namespace {

// The steps that began, newest first, each with its actuator.
struct Begun {
  BegunStep step;
  const Actuator& actuator;
};

std::vector<Begun> begun_newest_first(const Plan& plan, const JournalState& state, std::vector<std::string>& remaining) {
  std::vector<Begun> begun;
  for (auto id = state.begun.rbegin(); id != state.begun.rend(); ++id) {
    const Action* action = step_with_id(plan, *id);
    if (action == nullptr) {
      remaining.push_back("cannot undo " + *id + ": the journal's plan has no such step");
      continue;
    }
    begun.push_back({BegunStep{*action, state.begin_of.at(*id).at("before")}, actuator_for(*action)});
  }
  return begun;
}

// The undos that were not sent because an earlier one (a newer step) failed, named in one line.
std::string not_sent(const std::vector<Begun>& begun, size_t from, const JournalState& state) {
  std::string ids;
  for (size_t i = from; i < begun.size(); ++i)
    if (begun[i].actuator.has_undo() && !state.undone.contains(begun[i].step.action.id))
      ids += (ids.empty() ? "" : ", ") + begun[i].step.action.id;
  return ids.empty() ? "" : "not undone, so that no process runs an older version than one still newer: " + ids;
}

// 1. Undo the steps that began, newest first. The first undo that fails stops the rest: they
//    undo older steps (main before its workers), and sending them alone would leave main older
//    than a worker. `synops rollback` later goes on from the failed one. False when one failed.
bool undo_newest_first(ApplyContext& context, ApiOutageWait& outage, const std::vector<Begun>& begun, const JournalState& state,
                       std::vector<std::string>& remaining) {
  for (size_t i = 0; i < begun.size(); ++i) {
    const auto& [step, actuator] = begun[i];
    const std::string& id = step.action.id;
    if (!actuator.has_undo() || state.undone.contains(id)) continue;
    if (context.journal.broken()) {  // an undo the journal cannot record is not sent
      remaining.push_back("cannot undo " + id + ": the journal cannot be written; run synops rollback again once it can");
      continue;
    }
    context.progress(fmt::format("undo {} — restore {}", id, step.action.target.str()));
    if (auto undone = outage.call([&] { return actuator.undo(context, step); }); !undone) {
      remaining.push_back(undone.error().front().message);
      (void)context.journal.write({{"record", "undo-failed"}, {"step", id}, {"error", undone.error().front().message}});
      if (auto rest = not_sent(begun, i + 1, state); !rest.empty()) remaining.push_back(std::move(rest));
      return false;
    }
    (void)context.journal.write({{"record", "undo-done"}, {"step", id}});
  }
  return remaining.empty();
}

// 2. What needs the restored state (processes that read a restored config only at start),
//    once per actuator, in the order their newest steps began.
void after_undo(ApplyContext& context, const std::vector<Begun>& begun, const std::vector<Touched>& touched,
                std::vector<std::string>& remaining) {
  std::vector<const Actuator*> order;
  std::map<const Actuator*, std::vector<BegunStep>> mine;
  for (const auto& [step, actuator] : begun) {
    if (!mine.contains(&actuator)) order.push_back(&actuator);
    mine[&actuator].push_back(step);
  }
  for (const Actuator* actuator : order)
    for (auto& left : actuator->after_undo(context, mine[actuator], touched)) remaining.push_back(std::move(left));
}

// What rolls out again once the undos are done, newest first, with how the run restarted it:
// stopped and started together when any of its steps did, with the count that step recorded.
std::vector<Touched> touched_by(const std::vector<Begun>& undoing) {
  std::vector<Touched> touched;
  for (const auto& [step, actuator] : undoing) {
    const auto ref = actuator.settles(step.action);
    if (!ref) continue;
    auto known = std::ranges::find(touched, *ref, &Touched::ref);
    if (known == touched.end()) known = touched.insert(touched.end(), Touched{*ref, RestartMode::rolling, std::nullopt});
    if (step.action.restart_mode != RestartMode::stop_start_together) continue;
    known->restart = RestartMode::stop_start_together;
    if (step.before.contains("replicas") && step.before["replicas"].is_number_integer())
      known->replicas = step.before["replicas"].get<std::int64_t>();
  }
  return touched;
}

// The begun steps that rollback undoes: all of them, or with a barrier only those newer than
// it that it does not keep.
std::vector<Begun> to_undo(const std::vector<Begun>& begun, const std::optional<Barrier>& barrier) {
  if (!barrier) return begun;
  std::vector<Begun> undoing;
  for (const auto& entry : begun) {
    if (&entry.step.action == barrier->step) break;
    if (!barrier->kept.contains(entry.step.action.id)) undoing.push_back(entry);
  }
  return undoing;
}

std::optional<Barrier> barrier_of(ApplyContext& context, ApiOutageWait& outage, const Plan& plan, const std::vector<Begun>& begun,
                                  const JournalState& state) {
  std::vector<const Action*> newest_first;
  for (const auto& entry : begun) newest_first.push_back(&entry.step.action);
  const CrossedCheck crossed = [&](const Action& action) -> Result<bool> {
    for (const auto& entry : begun)
      if (&entry.step.action == &action)
        return outage.call([&] { return entry.actuator.crossed_point_of_no_return(context, entry.step); });
    return true;
  };
  return find_barrier(plan, newest_first, state, crossed, context.progress);
}

}  // namespace

RunResult roll_back(ApplyContext& context, const Plan& plan, const JournalState& state, RollbackOptions options) {
  (void)context.journal.write({{"record", "rollback-begin"}});
  RunResult result{Outcome::rolled_back, "", {}};
  const std::vector<Begun> begun = begun_newest_first(plan, state, result.remaining);
  ApiOutageWait outage(context, api_wait_bound());
  const std::optional<Barrier> barrier = options.through_barrier ? std::nullopt : barrier_of(context, outage, plan, begun, state);
  const std::vector<Begun> undoing = to_undo(begun, barrier);
  const std::vector<Touched> touched = touched_by(undoing);

  if (undo_newest_first(context, outage, undoing, state, result.remaining)) after_undo(context, undoing, touched, result.remaining);
  // 3. Health: everything touched must be rolled out and ready again; not worth asking an API
  //    server that stayed away past the bound.
  for (const auto& [ref, restart, replicas] : touched) {
    if (outage.gave_up()) break;
    if (auto ready = outage.call([&] { return wait_until_ready(context, ref, "undo — wait " + ref.str()); }); !ready)
      result.remaining.push_back(ready.error().front().message);
  }
  if (outage.gave_up()) result.remaining.push_back("not checked whether the restored workloads are healthy: the API server did not answer");
  const char* outcome = "rolled-back";
  if (!result.remaining.empty()) {
    result.outcome = Outcome::rollback_incomplete;
    outcome = "rollback-incomplete";
  } else if (barrier) {
    result.outcome = Outcome::stopped_at_barrier;
    result.remaining = barrier_report(plan, state, *barrier, context.backup_prefix.parent_path());
    outcome = "stopped-at-barrier";
  }
  (void)context.journal.write({{"record", "end"}, {"outcome", outcome}, {"remaining", result.remaining}});
  return result;
}

}  // namespace synops::apply
