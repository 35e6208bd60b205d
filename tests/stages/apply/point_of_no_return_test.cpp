// Where a rollback stops: the newest irreversible step whose effect may have happened, the
// image updates after it that stay (no process older than main), and what the operator reads.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "stages/apply/journal_state.h"
#include "stages/apply/point_of_no_return.h"

using namespace synops;
using namespace synops::apply;
using nlohmann::json;

namespace {

Action planned_step(const std::string& id, ActionType type, const std::string& name, std::vector<Dependency> after = {}) {
  Action action;
  action.id = id;
  action.type = type;
  action.target = {type == ActionType::backup ? "Cluster" : "StatefulSet", "matrix", name};
  action.depends_on = std::move(after);
  return action;
}

Action image_update(const std::string& id, const std::string& name, std::vector<Dependency> after = {}) {
  Action action = planned_step(id, ActionType::update, name, std::move(after));
  action.changes.push_back({FieldPath::parse("/spec/template/spec/containers/0/image"), "synapse:v1.119.0", "synapse:v1.120.0"});
  return action;
}

// §2.1 with a config change after the workers: backup, main, wait, worker, wait, LI, wait, config.
Plan upgrade_plan() {
  Plan plan;
  plan.actions.push_back(planned_step("a1", ActionType::backup, "synapse-postgres"));
  plan.actions.back().backup_method = BackupMethod::pg_dump;
  plan.actions.push_back(image_update("a2", "synapse-main", {{"a1", "backup-first"}}));
  plan.actions.back().reversible = false;
  plan.actions.back().irreversible_because = "main migrates the database schema on start";
  plan.actions.push_back(planned_step("a3", ActionType::wait, "synapse-main", {{"a2", "wait-until-ready"}}));
  plan.actions.push_back(image_update("a4", "synapse-generic-worker", {{"a3", "main-before-workers"}}));
  plan.actions.push_back(planned_step("a5", ActionType::wait, "synapse-generic-worker", {{"a4", "wait-until-ready"}}));
  plan.actions.push_back(image_update("a6", "element-web"));  // not ordered after main: undone as usual
  plan.actions.push_back(planned_step("a7", ActionType::update, "synapse-config", {{"a5", "config"}}));
  return plan;
}

std::vector<const Action*> newest_first(const Plan& plan, const std::vector<std::string>& ids) {
  std::vector<const Action*> out;
  for (auto id = ids.rbegin(); id != ids.rend(); ++id)
    for (const auto& action : plan.actions)
      if (action.id == *id) out.push_back(&action);
  return out;
}

JournalState begun(const std::vector<std::string>& ids) {
  JournalState state;
  for (const auto& id : ids) {
    state.begun.push_back(id);
    state.begin_of[id] = {{"record", "step-begin"}, {"step", id}};
    state.done.insert(id);
  }
  return state;
}

const auto kSilent = [](const std::string&) {};

}  // namespace

TEST_CASE("point of no return: main's upgrade that started is the barrier; the worker image after it stays, the rest is undone") {
  const Plan plan = upgrade_plan();
  const std::vector<std::string> ids = {"a1", "a2", "a3", "a4", "a5", "a6", "a7"};
  const JournalState state = begun(ids);
  std::vector<std::string> asked;
  const auto barrier = find_barrier(plan, newest_first(plan, ids), state,
                                    [&](const Action& action) -> Result<bool> { return asked.push_back(action.id), true; }, kSilent);
  REQUIRE(barrier);
  CHECK(barrier->step->id == "a2");
  CHECK(asked == std::vector<std::string>{"a2"});  // only irreversible steps are asked
  CHECK(barrier->kept == std::set<std::string>{"a4"});  // not a6 (element-web is not after main), not a7 (a config)
}

TEST_CASE("point of no return: an upgrade whose image never started is no barrier, and says so") {
  const Plan plan = upgrade_plan();
  const std::vector<std::string> ids = {"a1", "a2", "a3"};
  std::vector<std::string> said;
  const auto barrier = find_barrier(plan, newest_first(plan, ids), begun(ids), [](const Action&) -> Result<bool> { return false; },
                                    [&](const std::string& line) { said.push_back(line); });
  CHECK_FALSE(barrier);
  REQUIRE(said.size() == 1);
  CHECK(said[0] == "a2 (update StatefulSet/matrix/synapse-main) did not reach its point of no return (its new version never "
                   "started): it is undone");
}

TEST_CASE("point of no return: a check that fails counts as crossed; an undone step is no barrier") {
  const Plan plan = upgrade_plan();
  const std::vector<std::string> ids = {"a1", "a2", "a3"};
  auto failing = [](const Action&) -> Result<bool> { return fail("cannot list pods: 403"); };
  CHECK(find_barrier(plan, newest_first(plan, ids), begun(ids), failing, kSilent));
  JournalState undone = begun(ids);
  undone.undone.insert("a2");  // `rollback --through-barrier` got that far before
  CHECK_FALSE(find_barrier(plan, newest_first(plan, ids), undone, failing, kSilent));
}

TEST_CASE("point of no return: the report names the step, what stays, and both ways on with the restore command") {
  const Plan plan = upgrade_plan();
  const std::vector<std::string> ids = {"a1", "a2", "a3", "a4", "a5"};
  JournalState state = begun(ids);
  state.result_of["a1"] = {{"file", "apply-X.a1.pg_dump"}};
  state.header = {{"database", {{"host", "synapse-postgres-rw"}, {"port", 5432}, {"user", "synapse"}, {"dbname", "synapse"}}}};
  const Barrier barrier{&plan.actions[1], {"a4"}};
  const auto report = barrier_report(plan, state, barrier, "/state/journal");
  REQUIRE(report.size() == 4);
  CHECK(report[0] == "point of no return: a2 (update StatefulSet/matrix/synapse-main) is not undone: main migrates the database "
                     "schema on start");
  CHECK(report[1] == "not undone either, so that no process runs an older version than synapse-main: a4");
  CHECK(report[2] == "to go on: fix the cause, then run synops resume; it carries on from the step that failed");
  CHECK(report[3] == "to go back instead: stop every Synapse process, restore the backups taken before a2; a1 (pg_dump): pg_restore "
                     "--clean --if-exists --host=synapse-postgres-rw --port=5432 --username=synapse --dbname=synapse "
                     "/state/journal/apply-X.a1.pg_dump, then run synops rollback --through-barrier");
}

TEST_CASE("journal state: a run resumed after a barrier stop runs the undone steps again and can roll back anew") {
  const std::vector<json> records = {
      {{"record", "header"}},
      {{"record", "step-begin"}, {"step", "a2"}}, {{"record", "step-done"}, {"step", "a2"}},
      {{"record", "step-begin"}, {"step", "a7"}, {"before", 1}}, {{"record", "step-done"}, {"step", "a7"}},
      {{"record", "step-begin"}, {"step", "a8"}}, {{"record", "step-failed"}, {"step", "a8"}},
      {{"record", "rollback-begin"}},
      {{"record", "undo-done"}, {"step", "a7"}},
      {{"record", "end"}, {"outcome", "stopped-at-barrier"}}};
  const JournalState stopped = journal_state(records);
  CHECK(stopped.stopped_at_barrier());
  CHECK(stopped.rollback_started);
  CHECK_FALSE(stopped.finished());

  auto resumed_records = records;
  resumed_records.push_back({{"record", "resumed"}});
  resumed_records.push_back({{"record", "step-begin"}, {"step", "a7"}, {"before", 2}});
  const JournalState resumed = journal_state(resumed_records);
  CHECK_FALSE(resumed.rollback_started);
  CHECK(resumed.outcome.empty());
  CHECK(resumed.undone.empty());
  CHECK_FALSE(resumed.done.contains("a7"));
  CHECK(resumed.done.contains("a2"));
  CHECK(resumed.begin_of.at("a7").at("before") == 2);  // the fresh before-image, not the undone one
  CHECK(std::ranges::count(resumed.begun, std::string("a7")) == 1);
}
