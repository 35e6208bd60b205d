#include "point_of_no_return.h"

#include <fmt/format.h>

#include "steps.h"

namespace synops::apply {

namespace {

// Whether `later` comes after `earlier` through the plan's dependencies, directly or not.
bool depends_on(const Plan& plan, const Action& later, const std::string& earlier, std::set<std::string>& seen) {
  for (const auto& dependency : later.depends_on) {
    if (dependency.id == earlier) return true;
    if (!seen.insert(dependency.id).second) continue;
    if (const Action* before = step_with_id(plan, dependency.id); before && depends_on(plan, *before, earlier, seen)) return true;
  }
  return false;
}

bool sets_an_image(const Action& action) {
  for (const auto& change : action.changes)
    if (change.path.pointer.ends_with("/image")) return true;
  return false;
}

// The steps after the barrier whose undo would put a process back on an older program than
// the barrier leaves running: they set an image and come after the barrier in the plan's
// order (main before workers, workers before the LI instance).
std::set<std::string> kept_after(const Plan& plan, const std::vector<const Action*>& newer, const Action& barrier,
                                 const JournalState& state) {
  std::set<std::string> kept;
  for (const Action* step : newer) {
    if (state.undone.contains(step->id) || !sets_an_image(*step)) continue;
    std::set<std::string> seen;
    if (depends_on(plan, *step, barrier.id, seen)) kept.insert(step->id);
  }
  return kept;
}

// In plan order, as people read step ids (a4 before a10).
std::string joined(const Plan& plan, const std::set<std::string>& ids) {
  std::string out;
  for (const auto& action : plan.actions)
    if (ids.contains(action.id)) out += (out.empty() ? "" : ", ") + action.id;
  return out;
}

// "pg_restore ... FILE" for a pg_dump, the file for an object copy; empty when the backup
// step left no file.
std::string restore_line(const Action& backup, const JournalState& state, const std::filesystem::path& journal_dir) {
  const auto result = state.result_of.find(backup.id);
  if (result == state.result_of.end() || !result->second.contains("file")) return "";
  const std::string file = (journal_dir / result->second.value("file", "")).string();
  if (backup.backup_method != BackupMethod::pg_dump) return fmt::format("{} (a copy of {}): {}", backup.id, backup.target.str(), file);
  const auto& db = state.header.value(backup.database == "li" ? "li_database" : "database", nlohmann::json());
  if (!db.is_object())
    return fmt::format("{} (pg_dump): pg_restore --clean --if-exists --dbname=DATABASE {}", backup.id, file);
  return fmt::format("{} (pg_dump): pg_restore --clean --if-exists --host={} --port={} --username={} --dbname={} {}", backup.id,
                     db.value("host", ""), db.value("port", 5432), db.value("user", ""), db.value("dbname", ""), file);
}

}  // namespace

std::optional<Barrier> find_barrier(const Plan& plan, const std::vector<const Action*>& begun_newest_first,
                                    const JournalState& state, const CrossedCheck& crossed,
                                    const std::function<void(const std::string&)>& progress) {
  std::vector<const Action*> newer;
  for (const Action* step : begun_newest_first) {
    if (step->reversible || state.undone.contains(step->id)) {
      newer.push_back(step);
      continue;
    }
    auto result = crossed(*step);
    if (result && !*result) {
      progress(fmt::format("{} ({} {}) did not reach its point of no return (its new version never started): it is undone",
                           step->id, to_string(step->type), step->target.str()));
      newer.push_back(step);
      continue;
    }
    if (!result) progress("cannot tell whether " + step->id + " reached its point of no return, so it counts as reached: " +
                          result.error().front().message);
    return Barrier{step, kept_after(plan, newer, *step, state)};
  }
  return std::nullopt;
}

std::vector<std::string> barrier_report(const Plan& plan, const JournalState& state, const Barrier& barrier,
                                        const std::filesystem::path& journal_dir) {
  const Action& step = *barrier.step;
  std::vector<std::string> report;
  report.push_back(fmt::format("point of no return: {} ({} {}) is not undone: {}", step.id, to_string(step.type), step.target.str(),
                               step.irreversible_because.empty() ? "the plan marks it irreversible" : step.irreversible_because));
  if (!barrier.kept.empty())
    report.push_back("not undone either, so that no process runs an older version than " + step.target.name + ": " + joined(plan, barrier.kept));
  std::vector<std::string> restores;
  for (const auto& action : plan.actions) {
    if (&action == &step) break;
    if (action.type == ActionType::backup && state.done.contains(action.id))
      if (auto line = restore_line(action, state, journal_dir); !line.empty()) restores.push_back(std::move(line));
  }
  for (const auto& action : plan.actions)
    if (action.type == ActionType::maintenance && action.maintenance_on == true && state.begin_of.contains(action.id) &&
        !state.undone.contains(action.id))
      report.push_back(fmt::format("maintenance mode stays on ({}: {}) while you decide; resume leaves it at the end, and so does "
                                   "rollback --through-barrier", action.id,
                                   action.maintenance_method == MaintenanceMethod::page ? "users see the maintenance page"
                                                                                        : "no Synapse process runs"));
  report.push_back("to go on: fix the cause, then run synops resume; it carries on from the step that failed");
  std::string back = "to go back instead: stop every Synapse process, restore the backups taken before " + step.id;
  if (restores.empty()) back += " (this run took none)";
  for (const auto& line : restores) back += "; " + line;
  report.push_back(back + ", then run synops rollback --through-barrier");
  return report;
}

}  // namespace synops::apply
