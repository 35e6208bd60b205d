// What every part of a run (steps, waits, backups, undo) shares: the cluster, the journal,
// the lock, the options and where progress goes. The engine never prints: progress lines go
// to a sink the command owns (stderr).
#pragma once
#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "apply_lock.h"
#include "journal.h"
#include "providers/kubernetes/kube_client.h"
#include "providers/manifests/desired.h"

namespace synops::apply {

struct ApplyOptions {
  std::optional<std::chrono::seconds> wait_timeout;  // every wait; unset: the default of the kind (wait_timeout_for)
  std::chrono::milliseconds poll_interval{1000};
  std::optional<PostgresConnection> database;         // postgres.connection, for pg_dump backups
};

struct ApplyContext {
  const kube::KubeClient& client;
  JournalWriter& journal;
  ApplyLock& lock;
  ApplyOptions options;
  std::filesystem::path backup_prefix;                 // "<journal dir>/apply-<start>-<id>": backups add ".<what>"
  std::function<void(const std::string&)> progress = [](const std::string&) {};
};

// What a run ended with; the command turns it into an exit code.
//   stopped: the journal could not be written after the cluster was changed, so nothing
//            more was sent (not even undo); the journal says what is done, `remaining` what is left.
enum class Outcome { applied, rolled_back, rollback_incomplete, interrupted, failed_before_change, stopped };

struct RunResult {
  Outcome outcome = Outcome::applied;
  std::string failure;                  // the step that failed and why
  std::vector<std::string> remaining;   // what rollback could not undo, or what a stopped run left
  bool changed_cluster = true;          // false: nothing was written, so the lock can be released
};

}  // namespace synops::apply
