// The point of no return of a rollback. A step the plan marks irreversible (main's upgrade,
// which migrates the database schema; a PostgreSQL major upgrade) is a barrier once its
// effect may have happened: rollback undoes neither it nor, after it, any step whose undo
// would break the guide's version order (no Synapse process older than main, §2.1). What
// else ran after it is undone; what ran before it stays, since undoing it would cross.
#pragma once
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/plan.h"
#include "engine/result.h"
#include "journal_state.h"

namespace synops::apply {

struct Barrier {
  const Action* step = nullptr;         // the irreversible step, left in place
  std::set<std::string> kept;           // steps after it that are not undone either
};

// Asked for each irreversible step that began and was not undone, newest first: did its
// irreversible effect possibly happen? (Actuator::crossed_point_of_no_return.)
using CrossedCheck = std::function<Result<bool>(const Action&)>;

// The newest irreversible step among `begun_newest_first` that crossed its point of no
// return, with the steps after it that must stay; nothing when none crossed. A check that
// fails counts as crossed: not knowing is no reason to undo a migration.
std::optional<Barrier> find_barrier(const Plan& plan, const std::vector<const Action*>& begun_newest_first,
                                    const JournalState& state, const CrossedCheck& crossed,
                                    const std::function<void(const std::string&)>& progress);

// What the operator reads when a rollback stops at `barrier`: why it stopped, what was kept,
// the backups taken before it, and both ways on (fix and resume; or restore and roll back
// through the barrier), with the commands.
std::vector<std::string> barrier_report(const Plan& plan, const JournalState& state, const Barrier& barrier,
                                        const std::filesystem::path& journal_dir);

}  // namespace synops::apply
