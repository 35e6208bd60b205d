// The real synops binary against the Kubernetes API test server: kill -9 at step
// boundaries then `resume` or `rollback`, Ctrl-C, and the exit code of a rolled-back apply.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "stages/apply/apply_lock.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

const std::string kApplyCliCanary = "CANARY-s3cr3t-cli-4b2e";

}  // namespace

// Every step's done record, counted per step: a finished journal holds exactly one each.
std::map<std::string, int> done_records(const fs::path& journal_dir) {
  std::map<std::string, int> done;
  std::istringstream lines(all_journals(journal_dir));
  for (std::string line; std::getline(lines, line);) {
    const auto record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_object() && record.value("record", "") == "step-done") ++done[record.value("step", "")];
  }
  return done;
}

TEST_CASE("cli apply: kill -9 at every step, then resume reaches the same end state with one done record per step") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  const size_t steps = ApplyWorld().plan().actions.size();
  REQUIRE(steps > 10);
  for (size_t k = 1; k <= steps; ++k) {
    const std::string at = "[" + std::to_string(k) + "/";
    CAPTURE(at);
    ApplyWorld world;
    const Plan plan = world.plan();
    const fs::path manifests = write_manifests(world, postgres);
    const auto killed = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)), at);
    REQUIRE_MESSAGE(killed.code == -1, killed.err);
    // A second apply is refused while the killed run holds the lock, unless every change had
    // landed already: then there is nothing to apply (the killed run's verify is left to resume).
    // Killed before its first step began, the run had nothing to resume: the second apply
    // takes its Lease over and runs the plan itself.
    const auto second = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
    const bool superseded = second.err.find("stopped before changing anything; starting over") != std::string::npos;
    CHECK_MESSAGE((second.code == 3 || (second.code == 0 && (superseded || second.err.find("No changes.") != std::string::npos))),
                  second.err);
    if (superseded) {
      CHECK(world.plan().empty());
      continue;
    }
    const auto resumed = run_cli(concat({"resume"}, cluster_args(world)));
    CHECK_MESSAGE(resumed.code == 0, resumed.err);
    CHECK(world.plan().empty());
    CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
    const auto done = done_records(world.journal_dir());
    CHECK(done.size() == plan.actions.size());
    for (const auto& action : plan.actions) CHECK_MESSAGE((done.count(action.id) == 1 && done.at(action.id) == 1), action.id);
  }
}

TEST_CASE("cli apply: kill -9, then rollback DIR stops at main's point of no return; --through-barrier returns to the start") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const Plan before = world.plan();
  const fs::path manifests = write_manifests(world, postgres);
  const auto killed = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)), "[9/");
  REQUIRE_MESSAGE(killed.code == -1, killed.err);
  // The journal directory finds the run (journal_trust_test: the manifest directory alone does too).
  // Main's new version has run: rollback keeps it, and every worker upgraded after it.
  const auto stopped = run_cli(concat({"rollback", manifests.string()}, cluster_args(world)));
  CHECK_MESSAGE(stopped.code == 1, stopped.err);
  CHECK(stopped.err.find("point of no return: a4 (update StatefulSet/matrix/synapse-main) is not undone") != std::string::npos);
  CHECK(stopped.err.find("not undone either, so that no process runs an older version than synapse-main: a6, a8") != std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
  const auto rolled = run_cli(concat({"rollback", manifests.string(), "--through-barrier"}, cluster_args(world)));
  CHECK_MESSAGE(rolled.code == 0, rolled.err);
  CHECK(rolled.err.find("Rolled back: every step that ran was undone") != std::string::npos);
  CHECK_MESSAGE(rolled.err.find("error:") == std::string::npos, rolled.err);  // no step failed: no empty "error:" line
  CHECK(plan_keys(world.plan()) == plan_keys(before));
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
}

TEST_CASE("cli apply: Ctrl-C or SIGTERM stops cleanly with exit 1 and says how to go on; resume finishes") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  for (const int signal : {SIGINT, SIGTERM}) {
    CAPTURE(signal);
    ApplyWorld world;
    const fs::path manifests = write_manifests(world, postgres);
    const auto stopped = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)), "[6/", {signal});
    CHECK(stopped.code == 1);
    CHECK(stopped.err.find("interrupted; run synops resume or synops rollback") != std::string::npos);
    CHECK(stopped.err.find("Apply complete") == std::string::npos);
    const std::string journal = all_journals(world.journal_dir());
    CHECK(journal.find("\"record\":\"stopped\"") != std::string::npos);
    CHECK(journal.find("\"outcome\":\"applied\"") == std::string::npos);
    const auto resumed = run_cli(concat({"resume", manifests.string()}, cluster_args(world)));
    CHECK_MESSAGE(resumed.code == 0, resumed.err);
    CHECK(world.plan().empty());
  }
}

TEST_CASE("cli apply: Ctrl-C before the first change releases the lock; the next apply runs") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = write_manifests(world, postgres);
  // During the backup (step 1): the run stops before it updates anything.
  const auto stopped = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)), "[1/", {SIGINT});
  CHECK(stopped.code == 1);
  CHECK(stopped.err.find("interrupted before any change; nothing to resume") != std::string::npos);
  CHECK(world.live_value(ObjectRef{"Lease", "matrix", "synops-apply"}, "/spec/holderIdentity").is_null());
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
  const auto again = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
  CHECK_MESSAGE(again.code == 0, again.err);
  CHECK(again.err.find("stopped before changing anything; starting over") != std::string::npos);
  CHECK(world.plan().empty());
}

// Runs synops with the journal fault shim preloaded (tests/journal_fault_shim).
Finished run_with_disk_fault(const std::vector<std::string>& args, const std::string& fault) {
  ::setenv("LD_PRELOAD", SYNOPS_JOURNAL_FAULT_SHIM, 1);
  ::setenv("SYNOPS_JOURNAL_FAULT", fault.c_str(), 1);
  Finished finished = run_cli(args);
  ::unsetenv("LD_PRELOAD");
  ::unsetenv("SYNOPS_JOURNAL_FAULT");
  return finished;
}

TEST_CASE("cli apply: a full disk under the journal: exit 4 before any change, 5 after it; resume finishes") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const Plan plan = world.plan();
  const fs::path manifests = write_manifests(world, postgres);
  const auto apply = concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world));
  const auto step_of = [&plan](const ObjectRef& target) {
    for (const auto& action : plan.actions)
      if (action.type == ActionType::update && action.target == target) return action.id;
    FAIL("no update of " << target.str());
    return std::string();
  };
  // The intent record of the first update: nothing is sent, the lock is released.
  const auto before_change = run_with_disk_fault(apply, "ENOSPC:write:step-begin:" + step_of(kMainStatefulSet));
  CHECK_MESSAGE(before_change.code == 4, before_change.err);
  CHECK(before_change.err.find("cannot write the journal") != std::string::npos);
  CHECK(before_change.err.find("No space left on device") != std::string::npos);
  CHECK(before_change.err.find("Nothing was changed.") != std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
  CHECK(world.live_value(ObjectRef{"Lease", "matrix", "synops-apply"}, "/spec/holderIdentity").is_null());
  // The completion record of a later update fails after its write was sent: exit 5, and the
  // journal says what is left; resume checks that step against the cluster and goes on.
  const auto after_change = run_with_disk_fault(apply, "EIO:write:step-done:" + step_of(kSynchrotronDeployment));
  CHECK_MESSAGE(after_change.code == 5, after_change.err);
  CHECK(after_change.err.find("Input/output error") != std::string::npos);
  CHECK(after_change.err.find("Stopped: nothing more was sent to the cluster. What is left:") != std::string::npos);
  CHECK(after_change.err.find("ran, but the journal does not record that it finished") != std::string::npos);
  CHECK(world.live_value(kSynchrotronDeployment, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
  const auto refused = run_cli(apply);
  CHECK_MESSAGE(refused.code == 3, refused.err);
  const auto resumed = run_cli(concat({"resume", manifests.string()}, cluster_args(world)));
  CHECK_MESSAGE(resumed.code == 0, resumed.err);
  CHECK(world.plan().empty());
}

TEST_CASE("cli apply: a second signal exits at once with 128+N; the journal stays readable and resume finishes") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = write_manifests(world, postgres);
  // Both arrive while pg_dump runs (step 1 waits for it): the first asks to stop after the
  // step, the second (another signal, so the two cannot merge into one) stops now.
  const auto stopped =
      run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)), "[1/", {SIGINT, SIGTERM});
  CHECK((stopped.code == 128 + SIGINT || stopped.code == 128 + SIGTERM));  // the kernel picks the order
  CHECK(stopped.err.find("second interrupt: stopping now; run synops resume or synops rollback") != std::string::npos);
  CHECK(stopped.err.find("Apply complete") == std::string::npos);
  CHECK(all_journals(world.journal_dir()).find("\"outcome\":\"applied\"") == std::string::npos);
  const auto resumed = run_cli(concat({"resume", manifests.string()}, cluster_args(world)));
  CHECK_MESSAGE(resumed.code == 0, resumed.err);
  CHECK(resumed.err.find("warning") == std::string::npos);  // no torn record to drop
  CHECK(world.plan().empty());
}

TEST_CASE("cli apply: a restoring write the API refuses exits 5 with both errors; rollback finishes once it is accepted") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world({"--slow-image", "v1.120.0"});  // main's rollout never becomes ready, and never says it will not
  const Plan before = world.plan();
  const fs::path manifests = write_manifests(world, postgres);
  // The update of main goes through; the next two PATCHes of main (the undo of apply, then
  // of the first rollback) are refused as invalid.
  world.server.admin("POST", "/_test/faults",
                     R"({"rules": [{"type": "status", "status": 422, "verb": "patch", "skip": 1, "count": 2,
                                    "path": "/apis/apps/v1/namespaces/matrix/statefulsets/synapse-main"}]})");
  const auto args = concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world, "2"));
  const auto failed = run_cli(args);
  CHECK_MESSAGE(failed.code == 5, failed.err);
  CHECK(failed.err.find("(wait StatefulSet/matrix/synapse-main) failed: StatefulSet matrix/synapse-main was not ready after 2s") !=
        std::string::npos);
  CHECK(failed.err.find("Rollback incomplete; what remains:") != std::string::npos);
  CHECK(failed.err.find("cannot undo a4") != std::string::npos);
  const std::string journal = all_journals(world.journal_dir());
  CHECK(journal.find("\"record\":\"step-failed\"") != std::string::npos);
  CHECK(journal.find("\"record\":\"undo-failed\"") != std::string::npos);
  // Still refused: `synops rollback` exits 1 and says what is left.
  const auto again = run_cli(concat({"rollback", manifests.string()}, cluster_args(world)));
  CHECK_MESSAGE(again.code == 1, again.err);
  CHECK(again.err.find("cannot undo a4") != std::string::npos);
  CHECK(again.err.find("error: \n") == std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
  // The API accepts the write again: rollback restores the start.
  const auto restored = run_cli(concat({"rollback", manifests.string()}, cluster_args(world)));
  CHECK_MESSAGE(restored.code == 0, restored.err);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
  CHECK(plan_keys(world.plan()) == plan_keys(before));
}

TEST_CASE("cli apply: a failed rollout exits 4 after rolling back; without approval nothing happens") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world({"--slow-image", "v1.120.0"});  // never ready: the wait times out
  const fs::path manifests = write_manifests(world, postgres);
  const auto unapproved = run_cli(concat({"apply", manifests.string()}, cluster_args(world)));  // stdin is empty
  CHECK(unapproved.code == 1);
  CHECK(unapproved.err.find("Apply cancelled.") != std::string::npos);
  const auto args = concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world, "2"));
  const auto failed = run_cli(args);
  CHECK_MESSAGE(failed.code == 4, failed.err);
  CHECK(failed.err.find("Rolled back") != std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
}

TEST_CASE("cli apply: the process holding credentials cannot dump core") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = write_manifests(world, postgres);
  // apply waits at its approval prompt with the token loaded: look at it there.
  int input[2], output[2];
  REQUIRE(::pipe(input) == 0);
  REQUIRE(::pipe(output) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(input[0], STDIN_FILENO);
    ::dup2(output[1], STDOUT_FILENO);
    ::dup2(output[1], STDERR_FILENO);
    ::close(input[1]);
    ::close(output[0]);
    exec_synops(concat({"apply", manifests.string()}, cluster_args(world)));
  }
  ::close(input[0]);
  ::close(output[1]);
  std::string printed;
  char c;
  while (printed.find("Only 'yes' will be accepted") == std::string::npos && ::read(output[0], &c, 1) == 1) printed += c;
  const std::string limits = slurp("/proc/" + std::to_string(pid) + "/limits");
  ::close(input[1]);  // no answer: cancelled
  while (::read(output[0], &c, 1) == 1) printed += c;
  ::close(output[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 1);
  CHECK(printed.find("Apply cancelled.") != std::string::npos);
  std::istringstream lines(limits);
  std::string core;
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("Max core file size")) core = line;
  REQUIRE_FALSE(core.empty());
  std::istringstream fields(core.substr(std::string("Max core file size").size()));
  std::string soft, hard;
  fields >> soft >> hard;
  CHECK(soft == "0");
  CHECK(hard == "0");
}

// Issue #18, 5: the Lease was taken before the journal existed, so a run killed in between,
// or whose Lease POST landed but was answered 500, left a lock nobody could resume. Now the
// journal names the lock id first, and the next apply takes that Lease over.
TEST_CASE("cli apply: killed right after its Lease POST landed (answered 500): the next apply takes the Lease over and runs") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = write_manifests(world, postgres);
  // The POST lands but is answered 500; the read-back that would settle it waits 2 s
  // (Retry-After), and the run is killed meanwhile: before its first step, the Lease taken.
  world.server.inject({{"rules",
                        {{{"type", "landed"}, {"status", 500}, {"verb", "create"}, {"path", "/apis/coordination.k8s.io/"}},
                         {{"type", "status"}, {"status", 503}, {"retry_after", 2}, {"skip", 1}, {"verb", "get"}, {"path", "/apis/coordination.k8s.io/"}}}}});
  const auto killed = run_cli(concat({"apply", manifests.string(), "--auto-approve", "-v"}, cluster_args(world)),
                              "synops: POST /apis/coordination.k8s.io/v1/namespaces/matrix/leases?fieldManager=synops -> 500");
  REQUIRE_MESSAGE(killed.code == -1, killed.err);
  auto lease = world.client.get({"Lease", "matrix", "synops-apply"});
  REQUIRE(lease);
  REQUIRE(lease->has_value());  // the POST landed: the lock is held by the killed run
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
  const auto next = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
  CHECK_MESSAGE(next.code == 0, next.err);
  CHECK(next.err.find("stopped before changing anything; starting over") != std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
}

TEST_CASE("cli apply: a Lease POST that landed but was answered 500 is settled by reading it back; the run goes on") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = write_manifests(world, postgres);
  world.server.inject({{"rules", {{{"type", "landed"}, {"status", 500}, {"verb", "create"}, {"path", "/apis/coordination.k8s.io/"}}}}});
  const auto applied = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
}

TEST_CASE("cli force-unlock: only the holder's id releases the lock") {
  ApplyWorld world;
  REQUIRE(apply::ApplyLock::acquire(world.client, "matrix", "feedfacefeedface"));
  const auto kubeconfig = (world.server.certs() / "kubeconfig-token.yaml").string();
  const auto wrong = run_cli({"force-unlock", "0123456789abcdef", "--kubeconfig", kubeconfig, "--namespace", "matrix"});
  CHECK(wrong.code == 1);
  CHECK(wrong.err.find("held by feedfacefeedface") != std::string::npos);
  const auto alive = run_cli({"force-unlock", "feedfacefeedface", "--kubeconfig", kubeconfig, "--namespace", "matrix"});
  CHECK(alive.code == 1);
  CHECK(alive.err.find("that run is probably still going. Stop it first (Ctrl-C), or pass --force") != std::string::npos);
  const auto right = run_cli({"force-unlock", "feedfacefeedface", "--force", "--kubeconfig", kubeconfig, "--namespace", "matrix"});
  CHECK_MESSAGE(right.code == 0, right.err);
}

// Issue #18, 6: `force-unlock` of a live run let it write on for 9 s, once while another apply
// held the Lease. Now every write confirms the Lease first, and waits renew it: the run stops
// at its next renewal, and nothing it sends after the unlock reaches a workload.
TEST_CASE("cli force-unlock --force of a live run: the run stops at its next renewal and writes nothing more (exit 5)") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world({"--slow-image", "v1.120.0"});  // main's rollout never becomes ready: the run waits
  const fs::path manifests = write_manifests(world, postgres);
  Finished run;
  std::thread apply([&] { run = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world))); });
  for (int tries = 0; tries < 500 && world.live_value(kMainStatefulSet, kContainerImage) != "matrixdotorg/synapse:v1.120.0"; ++tries)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  REQUIRE(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");  // main written; now waiting for it
  const std::string holder = world.live_value({"Lease", "matrix", "synops-apply"}, "/spec/holderIdentity").get<std::string>();
  const std::string lock_id = holder.substr(0, holder.find(' '));
  const auto kubeconfig = (world.server.certs() / "kubeconfig-token.yaml").string();
  const auto unlocked = run_cli({"force-unlock", lock_id, "--force", "--kubeconfig", kubeconfig, "--namespace", "matrix"});
  CHECK_MESSAGE(unlocked.code == 0, unlocked.err);
  world.server.clear_requests();
  REQUIRE(apply::ApplyLock::acquire(world.client, "matrix", "0ther0ther0ther0"));  // another run takes the lock
  apply.join();
  CHECK_MESSAGE(run.code == 5, run.err);
  CHECK(run.err.find("lost the apply lock Lease matrix/synops-apply") != std::string::npos);
  CHECK(run.err.find("nothing was rolled back: this run no longer holds the apply lock") != std::string::npos);
  int workload_writes = 0;
  for (const auto& request : world.server.requests()["requests"])
    workload_writes += request.value("verb", "") == "patch" && request.value("path", "").starts_with("/apis/apps/");
  CHECK(workload_writes == 0);
  CHECK(world.live_value({"Lease", "matrix", "synops-apply"}, "/spec/holderIdentity").get<std::string>().starts_with("0ther0ther0ther0 "));
}

TEST_CASE("cli apply PLANFILE: refused with exit 3 once an object it read changed; a fresh one applies; no secret anywhere") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  // A secret in homeserver.yaml, and a plan that rewrites that file.
  auto config = world.client.get(kSynapseConfigMap);
  REQUIRE(config);
  nlohmann::json body = (*config)->body.json();
  body["data"]["homeserver.yaml"] = body["data"]["homeserver.yaml"].get<std::string>() + "form_secret: \"" + kApplyCliCanary + "\"\n";
  world.server.admin("POST", "/_test/objects", body.dump());
  const fs::path manifests = write_manifests(world, postgres);
  std::ofstream(manifests / "synapse.yaml") << "synapse:\n  configMap: synapse-config\n  homeserver:\n"
                                              "    rc_message: {per_second: 30, burst_count: 50}\n    database: {args: {cp_max: 10}}\n";
  const std::string plan_file = (manifests / "plan.json").string();
  const auto kubeconfig = (world.server.certs() / "kubeconfig-token.yaml").string();
  const auto planned = run_cli({"plan", manifests.string(), "--out", plan_file, "--kubeconfig", kubeconfig});
  REQUIRE_MESSAGE(planned.code == 0, planned.err);
  REQUIRE(world.client.merge_patch(kSynchrotronDeployment, {{"metadata", {{"labels", {{"touched", "yes"}}}}}}, ""));
  const auto stale = run_cli(concat({"apply", plan_file}, cluster_args(world)));
  CHECK_MESSAGE(stale.code == 3, stale.err);
  CHECK(stale.err.find("Deployment matrix/synapse-synchrotron changed since the plan was made") != std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");

  const auto replanned = run_cli({"plan", manifests.string(), "--out", plan_file, "--kubeconfig", kubeconfig});
  REQUIRE_MESSAGE(replanned.code == 0, replanned.err);
  const auto applied = run_cli(concat({"apply", plan_file}, cluster_args(world)));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  CHECK(world.live_value(kSynapseConfigMap, "/data/homeserver.yaml").get<std::string>().find("per_second: 30") != std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
  for (const auto* text : {&planned.err, &stale.err, &replanned.err, &applied.err}) CHECK(text->find(kApplyCliCanary) == std::string::npos);
  CHECK(slurp(plan_file).find(kApplyCliCanary) == std::string::npos);
  CHECK(all_journals(world.journal_dir()).find(kApplyCliCanary) == std::string::npos);
}
