// The three ways a run starts, each taking the lock first and ending by releasing it when the
// journal is finished (applied or rolled back). An unfinished run keeps the lock: resume
// and rollback take it over by the lock id in the journal, anyone else is refused.
//   start:    a new journal for a plan; refused while an earlier run is unfinished, when a
//             step cannot be automated, or when the plan is stale.
//   resume:   the newest journal, continued from its last finished step.
//   rollback: the newest journal, undone.
#pragma once
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "apply_context.h"
#include "engine/plan.h"
#include "engine/redactor.h"
#include "engine/result.h"
#include "adapters/kubernetes/kube_client.h"
#include "journal_key.h"

namespace synops::apply {

struct SessionSetup {
  std::filesystem::path journal_dir;
  std::shared_ptr<const JournalKey> journal_key;  // signs this run's records, checks an earlier run's
  std::string ns;  // where the lock lives (the deployment's namespace)
  ApplyOptions options;
  std::function<void(const std::string&)> progress = [](const std::string&) {};
  JournalIo* journal_io = nullptr;  // tests inject disk faults here; null: the system calls
  // The secrets the run knows (the command adds its cluster credentials; the session adds
  // those of the ConfigMaps the plan writes). Progress lines and journal records go through
  // it; the command passes what it prints of the result through it too.
  std::shared_ptr<Redactor> redactor = std::make_shared<Redactor>();
  bool through_barrier = false;  // rollback: undo a step past its point of no return too
};

// What stopped a run before it started; the command exits 3 for `refused`, 1 otherwise.
struct SessionResult {
  bool refused = false;
  std::vector<std::string> reasons;  // refusal reasons, one sentence each
  RunResult run;
  std::filesystem::path journal;
};

Result<SessionResult> start_apply(const kube::KubeClient& client, const Plan& plan, const SessionSetup& setup);
Result<SessionResult> resume_apply(const kube::KubeClient& client, const SessionSetup& setup);
Result<SessionResult> rollback_apply(const kube::KubeClient& client, const SessionSetup& setup);

}  // namespace synops::apply
