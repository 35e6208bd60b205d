#include "apply_session.h"

#include <functional>
#include <optional>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "engine/plan_json.h"
#include "executor.h"
#include "journal_state.h"
#include "rollback.h"
#include "stale_plan.h"
#include "steps.h"
#include "written_secrets.h"

namespace synops::apply {

namespace {

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

// The newest journal that has not finished, or an empty path.
Result<std::filesystem::path> unfinished_journal(const std::filesystem::path& dir) {
  const auto latest = latest_journal(dir);
  if (latest.empty()) return latest;
  auto contents = read_journal(latest);
  if (!contents) return std::unexpected(contents.error());
  const JournalState state = journal_state(contents->records);
  if (state.finished() || state.outcome == "failed-before-change") return std::filesystem::path();
  return latest;
}

// Whether the run of a journal wrote to the cluster; an unreadable journal counts as yes.
bool changed_cluster(const std::filesystem::path& journal) {
  auto contents = read_journal(journal);
  return !contents || journal_state(contents->records).changed_cluster();
}

std::optional<PostgresConnection> database_of(const nlohmann::json& header) {
  const auto& db = header.value("database", nlohmann::json());
  if (!db.is_object()) return std::nullopt;
  PostgresConnection c;
  c.host.value = db.value("host", "");
  c.port = db.value("port", 5432);
  c.dbname = db.value("dbname", "postgres");
  c.user = db.value("user", "");
  c.passfile = db.value("passfile", "");
  c.sslmode = db.value("sslmode", "");
  return c;
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
  auto file = unfinished_journal(setup.journal_dir);
  if (!file) return std::unexpected(file.error());
  if (file->empty()) return fail(fmt::format("nothing to {}: no unfinished apply in the journal directory {}", command, setup.journal_dir.string()));
  auto contents = read_journal(*file);
  if (!contents) return std::unexpected(contents.error());
  for (const auto& warning : contents->warnings) setup.progress("warning: " + warning);
  Loaded loaded{*file, journal_state(contents->records), {}};
  auto plan = plan_from_json(loaded.state.header.value("plan", nlohmann::json()), file->string());
  if (!plan) return std::unexpected(plan.error());
  loaded.plan = std::move(*plan);
  return loaded;
}

// Resuming or undoing a run against another cluster would write the journal's values where
// they never were (staging and production look alike): refuse unless the server matches.
std::optional<SessionResult> other_cluster(const Loaded& loaded, const kube::KubeClient& client) {
  const std::string recorded = loaded.state.header.value("server", "");
  if (recorded.empty() || recorded == client.http().server()) return std::nullopt;
  return refusal({"the apply in " + loaded.file.string() + " ran against " + recorded + ", but this command talks to " +
                  client.http().server() + ": pass the --kubeconfig and --context the apply used"});
}

// What resume and rollback do with a run: refuse it for the command's own reason, else take it
// over (its lock by the id in the journal, its journal reopened for appending) and act on it.
struct Continuation {
  const char* command;  // "resume", "roll back": for "nothing to ..."
  std::function<std::optional<SessionResult>(const Loaded&)> refuse;  // asked before the lock is taken
  std::function<RunResult(ApplyContext&, const Loaded&)> act;
};

Result<SessionResult> continue_unfinished(const kube::KubeClient& client, const SessionSetup& setup,
                                          const Continuation& continuation) {
  auto loaded = load_unfinished(setup, continuation.command);
  if (!loaded) return std::unexpected(loaded.error());
  if (auto refused = other_cluster(*loaded, client)) return *refused;
  if (auto refused = continuation.refuse(*loaded)) return *refused;
  const nlohmann::json& header = loaded->state.header;
  const std::string lock_id = header.value("lock_id", "");
  auto lock = ApplyLock::acquire(client, header.value("namespace", setup.ns), lock_id, lock_id);
  if (!lock && held_by_another(lock.error())) return refusal({lock.error().front().message});
  if (!lock) return std::unexpected(lock.error());
  auto journal = JournalWriter::append_to(loaded->file, io_of(setup));
  if (!journal) return std::unexpected(journal.error());
  add_written_secrets(client, loaded->plan, *setup.redactor);
  journal->redact_with(setup.redactor);
  ApplyOptions options = setup.options;
  if (!options.database) options.database = database_of(header);
  std::string prefix = loaded->file.string();  // backups sit beside the journal, named like it
  prefix.resize(prefix.size() - std::string(".journal").size());
  ApplyContext context = make_context(client, *journal, *lock, options, prefix, redacted_progress(setup));
  SessionResult result{false, {}, continuation.act(context, *loaded), loaded->file};
  finish(*lock, result.run, setup.progress);
  return result;
}

}  // namespace

Result<SessionResult> start_apply(const kube::KubeClient& client, const Plan& plan, const SessionSetup& setup) {
  if (auto problems = unsupported_steps(plan); !problems.empty()) return refusal(std::move(problems));
  if (auto prepared = prepare_journal_dir(setup.journal_dir); !prepared) return std::unexpected(prepared.error());
  auto earlier = unfinished_journal(setup.journal_dir);
  if (!earlier) return std::unexpected(earlier.error());
  if (!earlier->empty() && changed_cluster(*earlier))
    return refusal({"an earlier apply did not finish (journal " + earlier->string() + "): run synops resume or synops rollback first"});
  const std::string lock_id = new_lock_id();
  auto lock = ApplyLock::acquire(client, setup.ns, lock_id);
  if (!lock && held_by_another(lock.error())) return refusal({lock.error().front().message});
  if (!lock) return std::unexpected(lock.error());
  // An earlier run that stopped before its first write (a full disk, Ctrl-C) and let the lock
  // go has nothing to resume or undo: this run supersedes it.
  if (!earlier->empty()) setup.progress("note: the earlier apply in " + earlier->string() + " stopped before changing anything; starting over");
  auto stale = changed_since_plan(client, plan);
  if (!stale || !stale->empty()) {
    (void)lock->release();
    if (!stale) return std::unexpected(stale.error());
    return refusal(std::move(*stale));
  }
  const std::string name = run_name(lock_id);
  auto journal = JournalWriter::create(setup.journal_dir / (name + ".journal"), io_of(setup));
  if (!journal) return (void)lock->release(), std::unexpected(journal.error());
  add_written_secrets(client, plan, *setup.redactor);
  journal->redact_with(setup.redactor);
  nlohmann::json header = journal_header(plan, lock_id, setup.ns, setup.options);
  header["server"] = client.http().server();  // resume and rollback must talk to this cluster
  if (auto written = journal->write(header); !written)
    return (void)lock->release(), std::unexpected(written.error());
  ApplyContext context = make_context(client, *journal, *lock, setup.options, setup.journal_dir / name, redacted_progress(setup));
  SessionResult result{false, {}, execute_plan(context, plan, JournalState{}), journal->path()};
  finish(*lock, result.run, setup.progress);
  return result;
}

Result<SessionResult> resume_apply(const kube::KubeClient& client, const SessionSetup& setup) {
  return continue_unfinished(client, setup,
                             {"resume",
                              [](const Loaded& loaded) -> std::optional<SessionResult> {
                                if (!loaded.state.rollback_started) return std::nullopt;
                                return refusal({"the apply in " + loaded.file.string() +
                                                " was being rolled back; finish that with synops rollback"});
                              },
                              [](ApplyContext& context, const Loaded& loaded) {
                                (void)context.journal.write({{"record", "resumed"}});
                                return execute_plan(context, loaded.plan, loaded.state);
                              }});
}

Result<SessionResult> rollback_apply(const kube::KubeClient& client, const SessionSetup& setup) {
  return continue_unfinished(client, setup,
                             {"roll back", [](const Loaded&) { return std::optional<SessionResult>(); },
                              [](ApplyContext& context, const Loaded& loaded) {
                                return roll_back(context, loaded.plan, loaded.state);
                              }});
}

}  // namespace synops::apply
