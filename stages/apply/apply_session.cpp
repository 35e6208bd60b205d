#include "apply_session.h"

#include <functional>
#include <optional>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "adapters/kubernetes/cluster_identity.h"
#include "engine/plan_json.h"
#include "database_secrets.h"
#include "executor.h"
#include "journal_state.h"
#include "rollback.h"
#include "stale_plan.h"
#include "steps.h"
#include "written_secrets.h"

namespace synops::apply {

namespace {

// The client the steps write through: each write first confirms the run still holds the lock
// (apply_lock.h, fencing). The lock itself keeps the plain client.
kube::KubeClient fenced_by(const kube::KubeClient& client, ApplyLock& lock) {
  return client.fenced([&lock] { return lock.confirm(); });
}

// Removes the journal of a run that did nothing at all.
void discard(const JournalWriter& journal) {
  std::error_code ignored;
  std::filesystem::remove(journal.path(), ignored);
}

SessionResult refusal(std::vector<std::string> reasons) { return SessionResult{true, std::move(reasons), {}, {}}; }

JournalIo& io_of(const SessionSetup& setup) { return setup.journal_io ? *setup.journal_io : system_journal_io(); }

bool held_by_another(const Diagnostics& error) { return error.front().message.starts_with("another apply holds the lock"); }

// "apply-20261127T120305.042Z-3f2a9c01d4e5b6a7": journals sort by the time they were started,
// to the millisecond, so a run started within a second of the last is still the newest.
std::string run_name(const std::string& lock_id) {
  const auto now = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
  const auto second = std::chrono::floor<std::chrono::seconds>(now);
  return fmt::format("apply-{:%Y%m%dT%H%M%S}.{:03}Z-{}", second, (now - second).count(), lock_id);
}

// What the command must give every session: the key for the journal.
std::optional<Diagnostics> incomplete(const SessionSetup& setup) {
  if (!setup.journal_key) return fail("no journal key was set up for this run").error();
  return std::nullopt;
}

// The newest journal of the directory, when its run has not finished: read once, checked.
struct Unfinished {
  std::filesystem::path file;
  JournalContents contents;
  JournalState state;
};

Result<std::optional<Unfinished>> unfinished_run(const std::filesystem::path& dir, const JournalKey& key) {
  const auto latest = latest_journal(dir);
  if (latest.empty()) return std::nullopt;
  auto contents = read_journal(latest, key);
  if (!contents) return std::unexpected(contents.error());
  JournalState state = journal_state(contents->records);
  if (state.finished() || state.outcome == "failed-before-change") return std::nullopt;
  return Unfinished{latest, std::move(*contents), std::move(state)};
}

// The lock id of an earlier run that ended (its process is gone) before its first step began:
// it may have left the Lease taken with nothing to resume. Empty for any other run: one that
// still runs keeps its Lease, one that began a step is resumed or rolled back.
std::string abandoned_lock_id(const Unfinished& earlier) {
  if (!earlier.state.begun.empty() || journal_in_use(earlier.file)) return "";
  return earlier.contents.records.front().value("lock_id", "");
}

// Progress as the run reports it, redacted on the way out.
std::function<void(const std::string&)> redacted_progress(const SessionSetup& setup) {
  return [progress = setup.progress, redactor = setup.redactor](const std::string& line) { progress(redactor->redact(line)); };
}

void finish(ApplyLock& lock, const RunResult& run, const std::function<void(const std::string&)>& progress) {
  const bool journal_finished = run.outcome == Outcome::applied || run.outcome == Outcome::rolled_back ||
                                run.outcome == Outcome::failed_before_change;
  // Otherwise resume or rollback takes the lock over by its id, unless there is nothing to resume.
  if (!journal_finished && run.changed_cluster) return;
  if (auto released = lock.release(); !released) progress("warning: " + released.error().front().message);
}

// An unfinished journal, loaded with its plan, for resume and rollback.
struct Loaded {
  std::filesystem::path file;
  JournalState state;
  Plan plan;
};

Result<Loaded> load_unfinished(const SessionSetup& setup, const char* command) {
  auto run = unfinished_run(setup.journal_dir, *setup.journal_key);
  if (!run) return std::unexpected(run.error());
  if (!*run) return fail(fmt::format("nothing to {}: no unfinished apply in the journal directory {}", command, setup.journal_dir.string()));
  for (const auto& warning : (*run)->contents.warnings) setup.progress("warning: " + warning);
  Loaded loaded{(*run)->file, std::move((*run)->state), {}};
  auto plan = plan_from_json(loaded.state.header.value("plan", nlohmann::json()), loaded.file.string());
  if (!plan) return std::unexpected(plan.error());
  loaded.plan = std::move(*plan);
  return loaded;
}

// Resuming or undoing a run against another cluster would write the journal's values where
// they never were (staging and production look alike, and can answer on the same address):
// refuse unless the cluster's identity, not only its URL, is the one the journal recorded.
std::optional<SessionResult> other_cluster(const Loaded& loaded, const kube::ClusterIdentity& live) {
  const auto recorded = kube::ClusterIdentity::from_json(loaded.state.header.value("cluster", nlohmann::json()));
  if (!recorded)
    return refusal({"the apply in " + loaded.file.string() +
                    " records no cluster identity, so nothing shows which cluster it ran against; synops does not continue it"});
  if (const std::string mismatch = kube::identity_mismatch(*recorded, live); !mismatch.empty())
    return refusal({"the apply in " + loaded.file.string() + " belongs to another cluster: " + mismatch +
                    ". Pass the --kubeconfig and --context the apply used"});
  return std::nullopt;
}

// What resume and rollback do with a run: refuse it for the command's own reason, else take it
// over (its lock by the id in the journal, its journal reopened for appending) and act on it.
struct Continuation {
  const char* command;  // "resume", "roll back": for "nothing to ..."
  std::function<std::optional<SessionResult>(const Loaded&)> refuse;  // asked before the lock is taken
  std::function<RunResult(ApplyContext&, const Loaded&)> act;
  bool runs_steps = false;  // resume runs the steps left, backups included; rollback only undoes
};

Result<SessionResult> continue_unfinished(const kube::KubeClient& client, const SessionSetup& setup,
                                          const Continuation& continuation) {
  if (auto missing = incomplete(setup)) return std::unexpected(*missing);
  auto loaded = load_unfinished(setup, continuation.command);
  if (!loaded) return std::unexpected(loaded.error());
  auto cluster = kube::read_cluster_identity(client);
  if (!cluster) return std::unexpected(cluster.error());
  if (auto refused = other_cluster(*loaded, *cluster)) return *refused;
  if (auto refused = continuation.refuse(*loaded)) return *refused;
  if (auto missing = missing_programs(loaded->plan, setup.options); !missing.empty()) return refusal(std::move(missing));
  const nlohmann::json& header = loaded->state.header;
  ApplyOptions options = setup.options;
  if (!options.database) options.database = connection_from_json(header.value("database", nlohmann::json()));
  if (!options.li_database) options.li_database = connection_from_json(header.value("li_database", nlohmann::json()));
  if (continuation.runs_steps)
    if (auto missing = check_database_secrets(client, loaded->plan, options, loaded->state.done, *setup.redactor); !missing.empty())
      return refusal(std::move(missing));
  const std::string lock_id = header.value("lock_id", "");
  auto lock = ApplyLock::acquire(client, header.value("namespace", setup.ns), lock_id, lock_id);
  if (!lock && held_by_another(lock.error())) return refusal({lock.error().front().message});
  if (!lock) return std::unexpected(lock.error());
  auto journal = JournalWriter::append_to(loaded->file, setup.journal_key, io_of(setup));
  if (!journal) return std::unexpected(journal.error());
  add_written_secrets(client, loaded->plan, *setup.redactor);
  journal->redact_with(setup.redactor);
  std::string prefix = loaded->file.string();  // backups sit beside the journal, named like it
  prefix.resize(prefix.size() - std::string(".journal").size());
  const kube::KubeClient fenced = fenced_by(client, *lock);
  ApplyContext context = make_context(fenced, *journal, *lock, options, prefix, redacted_progress(setup));
  SessionResult result{false, {}, continuation.act(context, *loaded), loaded->file};
  finish(*lock, result.run, setup.progress);
  return result;
}

}  // namespace

Result<SessionResult> start_apply(const kube::KubeClient& client, const Plan& plan, const SessionSetup& setup) {
  if (auto missing = incomplete(setup)) return std::unexpected(*missing);
  if (auto problems = unsupported_steps(plan); !problems.empty()) return refusal(std::move(problems));
  if (auto missing = missing_programs(plan, setup.options); !missing.empty()) return refusal(std::move(missing));
  if (auto missing = check_database_secrets(client, plan, setup.options, {}, *setup.redactor); !missing.empty())
    return refusal(std::move(missing));
  if (auto prepared = prepare_journal_dir(setup.journal_dir); !prepared) return std::unexpected(prepared.error());
  auto earlier = unfinished_run(setup.journal_dir, *setup.journal_key);
  if (!earlier) return std::unexpected(earlier.error());
  if (*earlier && (*earlier)->state.changed_cluster())
    return refusal({"an earlier apply did not finish (journal " + (*earlier)->file.string() + "): run synops resume or synops rollback first"});
  // An earlier run that stopped before its first write (a full disk, Ctrl-C, a kill while it
  // took the Lease) has nothing to resume or undo: this run supersedes it, and takes over the
  // Lease it may have left behind when it never began a step.
  const std::string earlier_lock = *earlier ? abandoned_lock_id(**earlier) : "";
  const std::string lock_id = new_lock_id();
  const std::string name = run_name(lock_id);
  // The journal, and its header naming the lock id, exist before the Lease is written: a run
  // killed while taking the Lease leaves a journal that lets the next one take it over.
  auto journal = JournalWriter::create(setup.journal_dir / (name + ".journal"), setup.journal_key, io_of(setup));
  if (!journal) return std::unexpected(journal.error());
  add_written_secrets(client, plan, *setup.redactor);
  journal->redact_with(setup.redactor);
  auto cluster = kube::read_cluster_identity(client);
  if (!cluster) return std::unexpected(cluster.error());
  nlohmann::json header = journal_header(plan, lock_id, setup.ns, setup.options);
  header["server"] = cluster->server;
  header["cluster"] = cluster->to_json();  // resume and rollback must talk to this cluster
  if (auto written = journal->write(header); !written) return std::unexpected(written.error());
  // A run refused before it could have written the Lease leaves no journal: it did nothing,
  // and a journal of it would hide the unfinished run it was refused for from resume. A run
  // that may have written it (the lock could not be released, an error on the way) keeps its
  // journal, so the next apply takes that Lease over.
  std::string taken_over;
  auto lock = ApplyLock::acquire(client, setup.ns, lock_id, earlier_lock, &taken_over);
  if (!lock && held_by_another(lock.error())) return discard(*journal), refusal({lock.error().front().message});
  if (!lock) return std::unexpected(lock.error());
  if (!taken_over.empty()) setup.progress("note: " + taken_over);
  if (*earlier) setup.progress("note: the earlier apply in " + (*earlier)->file.string() + " stopped before changing anything; starting over");
  auto stale = changed_since_plan(client, plan);
  if (!stale || !stale->empty()) {
    if (lock->release()) discard(*journal);
    if (!stale) return std::unexpected(stale.error());
    return refusal(std::move(*stale));
  }
  const kube::KubeClient fenced = fenced_by(client, *lock);
  ApplyContext context = make_context(fenced, *journal, *lock, setup.options, setup.journal_dir / name, redacted_progress(setup));
  SessionResult result{false, {}, execute_plan(context, plan, JournalState{}), journal->path()};
  finish(*lock, result.run, setup.progress);
  return result;
}

Result<SessionResult> resume_apply(const kube::KubeClient& client, const SessionSetup& setup) {
  return continue_unfinished(client, setup,
                             {"resume",
                              [](const Loaded& loaded) -> std::optional<SessionResult> {
                                if (!loaded.state.rollback_started || loaded.state.stopped_at_barrier()) return std::nullopt;
                                return refusal({"the apply in " + loaded.file.string() +
                                                " was being rolled back; finish that with synops rollback"});
                              },
                              [](ApplyContext& context, const Loaded& loaded) {
                                (void)context.journal.write({{"record", "resumed"}});
                                return execute_plan(context, loaded.plan, loaded.state);
                              },
                              true});
}

Result<SessionResult> rollback_apply(const kube::KubeClient& client, const SessionSetup& setup) {
  return continue_unfinished(client, setup,
                             {"roll back", [](const Loaded&) { return std::optional<SessionResult>(); },
                              [&setup](ApplyContext& context, const Loaded& loaded) {
                                return roll_back(context, loaded.plan, loaded.state, {.through_barrier = setup.through_barrier});
                              }});
}

}  // namespace synops::apply
