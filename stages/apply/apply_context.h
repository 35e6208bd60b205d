// What every part of a run shares: what its actuators share, the journal and the lock.
#pragma once
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "apply_lock.h"
#include "journal.h"
#include "domain/apply_kit/actuation_context.h"

namespace synops::apply {

// An actuator's context (domain/apply_kit/actuation_context.h) with the run's journal and
// lock; make_context ties the lock's renewal to the waits.
struct ApplyContext : ActuationContext {
  JournalWriter& journal;
  ApplyLock& lock;
};

ApplyContext make_context(const kube::KubeClient& client, JournalWriter& journal, ApplyLock& lock, ApplyOptions options,
                          std::filesystem::path backup_prefix, std::function<void(const std::string&)> progress);

// What a run ended with; the command turns it into an exit code.
//   stopped: the journal could not be written after the cluster was changed, so nothing
//            more was sent (not even undo); the journal says what is done, `remaining` what is left.
//   stopped_at_barrier: rollback undid what it may and stopped at a step past its point of no
//            return (main's schema migration); `remaining` says what stays and the ways on.
enum class Outcome { applied, rolled_back, rollback_incomplete, interrupted, failed_before_change, stopped, stopped_at_barrier };

struct RunResult {
  Outcome outcome = Outcome::applied;
  std::string failure;                  // the step that failed and why
  std::vector<std::string> remaining;   // what rollback could not undo, or what a stopped run left
  bool changed_cluster = true;          // false: nothing was written, so the lock can be released
};

}  // namespace synops::apply
