// A journal that cannot be written, during a real apply (test API server, real PostgreSQL):
// a full disk on a step's intent record means the step is never sent; a failure after a step
// ran stops the run with the journal saying what is done; resume after the disk is fixed
// finishes from there. The faults come in through the journal's I/O interface.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

#include "support/apply_fixture.h"
#include "stages/apply/journal.h"
#include "stages/apply/journal_state.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::apply;
using namespace synops::testing;

namespace {

const ObjectRef kGeneric{"Deployment", "matrix", "synapse-generic-worker"};

// Fails the journal at one record: the first whose line holds both `kind` and `step`. It
// can write `partial` bytes of that record first (a short write, then the error), or
// write it whole and fail the fsync that follows. It fails once; the writer itself must
// refuse everything after.
class DiskFault final : public JournalIo {
 public:
  enum class At { write, fsync };
  DiskFault(std::string kind, std::string step, int error, At at = At::write, size_t partial = 0)
      : kind_("\"record\":\"" + std::move(kind) + "\""), step_("\"step\":\"" + std::move(step) + "\""), error_(error), at_(at), partial_(partial) {}

  ssize_t write(int fd, const void* data, size_t size) override {
    const std::string_view line(static_cast<const char*>(data), size);
    if (fail_next_write_) return fail_now(fail_next_write_);
    if (!fired_ && line.find(kind_) != std::string_view::npos && line.find(step_) != std::string_view::npos) {
      fired_ = true;
      if (at_ == At::fsync) fail_next_fsync_ = true;
      else if (partial_ == 0) return fail_now(fail_next_write_ = true);
      else {
        fail_next_write_ = true;
        return ::write(fd, data, partial_);
      }
    }
    return ::write(fd, data, size);
  }
  int fsync(int fd) override {
    if (fail_next_fsync_) return static_cast<int>(fail_now(fail_next_fsync_));
    return ::fsync(fd);
  }
  bool fired() const { return fired_; }

 private:
  ssize_t fail_now(bool& pending) {
    pending = false;
    errno = error_;
    return -1;
  }
  std::string kind_, step_;
  int error_;
  At at_;
  size_t partial_;
  bool fired_ = false, fail_next_write_ = false, fail_next_fsync_ = false;
};

std::string step_id_of(const Plan& plan, ActionType type, const ObjectRef& target) {
  for (const auto& action : plan.actions)
    if (action.type == type && action.target == target) return action.id;
  FAIL("no such step in the plan");
  return "";
}

JournalState state_of(const std::filesystem::path& journal) {
  auto contents = read_journal(journal, *test_journal_key());
  REQUIRE_MESSAGE(contents, (contents ? "" : contents.error().front().message));
  CHECK(contents->warnings.empty());  // readable whole: no torn record left behind
  return journal_state(contents->records);
}

size_t count_records(const std::filesystem::path& journal, const std::string& kind, const std::string& step) {
  auto contents = read_journal(journal, *test_journal_key());
  REQUIRE(contents);
  size_t count = 0;
  for (const auto& record : contents->records) count += record.value("record", "") == kind && record.value("step", "") == step;
  return count;
}

SessionResult apply_with(const ApplyWorld& world, const Plan& plan, const ApplyPostgres& postgres, JournalIo* io) {
  auto setup = world.setup(&postgres);
  setup.journal_io = io;
  auto session = start_apply(world.client, plan, setup);
  REQUIRE_MESSAGE(session, (session ? "" : session.error().front().message));
  REQUIRE_FALSE(session->refused);
  return std::move(*session);
}

}  // namespace

TEST_CASE("journal faults: a full disk on the first update's intent record sends nothing and releases the lock") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const Plan plan = world.plan();
  DiskFault full("step-begin", step_id_of(plan, ActionType::update, kMainStatefulSet), ENOSPC);
  const SessionResult session = apply_with(world, plan, postgres, &full);
  REQUIRE(full.fired());
  CHECK(session.run.outcome == Outcome::failed_before_change);  // exit 4: the cluster is as it was
  CHECK_FALSE(session.run.changed_cluster);
  CHECK(session.run.failure.find("was not started: cannot write the journal") != std::string::npos);
  CHECK(session.run.failure.find("No space left on device") != std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == kOldSynapseImage);
  CHECK(plan_keys(world.plan()) == plan_keys(plan));
  CHECK(lease_free(world));
  const JournalState state = state_of(session.journal);
  CHECK(state.done.size() == 3);  // the backups (the database, synapse-config, synapse-li-config), nothing else
  CHECK_FALSE(state.changed_cluster());
  // Nothing to resume: once the disk has room, a new apply runs the whole plan.
  const SessionResult again = apply_with(world, plan, postgres, nullptr);
  CHECK_MESSAGE(again.run.outcome == Outcome::applied, again.run.failure);
  CHECK(world.plan().empty());
}

TEST_CASE("journal faults: a record cut short by a full disk after changes stops the run; resume finishes it") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const Plan plan = world.plan();
  const std::string generic = step_id_of(plan, ActionType::update, kGeneric);
  DiskFault full("step-begin", generic, ENOSPC, DiskFault::At::write, 25);
  const SessionResult session = apply_with(world, plan, postgres, &full);
  REQUIRE(full.fired());
  CHECK(session.run.outcome == Outcome::stopped);  // exit 5
  CHECK(session.run.changed_cluster);
  REQUIRE_FALSE(session.run.remaining.empty());
  CHECK(session.run.remaining.front().find(generic + " (update Deployment/matrix/synapse-generic-worker) was not started") == 0);
  // What the journal says is exactly what happened: main and synchrotron done, generic never sent.
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == kNewSynapseImage);
  CHECK(world.live_value(kSynchrotronDeployment, kContainerImage) == kNewSynapseImage);
  CHECK(world.live_value(kGeneric, kContainerImage) == kOldSynapseImage);
  const JournalState state = state_of(session.journal);  // the cut record was cut back off
  CHECK(state.done.contains(step_id_of(plan, ActionType::update, kSynchrotronDeployment)));
  CHECK_FALSE(state.begin_of.contains(generic));
  CHECK(state.outcome.empty());
  CHECK_FALSE(lease_free(world));  // kept for resume
  auto resumed = resume_apply(world.client, world.setup(&postgres));
  REQUIRE(resumed);
  CHECK_MESSAGE(resumed->run.outcome == Outcome::applied, resumed->run.failure);
  CHECK(world.plan().empty());
  CHECK(lease_free(world));
  CHECK(count_records(session.journal, "step-done", generic) == 1);
}

TEST_CASE("journal faults: a step that ran but could not be recorded is checked against the cluster by resume") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const Plan plan = world.plan();
  const std::string synchrotron = step_id_of(plan, ActionType::update, kSynchrotronDeployment);
  SUBCASE("EIO on the completion record") {
    DiskFault failing("step-done", synchrotron, EIO);
    const SessionResult session = apply_with(world, plan, postgres, &failing);
    REQUIRE(failing.fired());
    CHECK(session.run.outcome == Outcome::stopped);
    CHECK(session.run.failure.find("Input/output error") != std::string::npos);
    REQUIRE_FALSE(session.run.remaining.empty());
    CHECK(session.run.remaining.front().find("ran, but the journal does not record that it finished") != std::string::npos);
    CHECK(world.live_value(kSynchrotronDeployment, kContainerImage) == kNewSynapseImage);  // the write was sent before the record failed
    CHECK(world.live_value(kGeneric, kContainerImage) == kOldSynapseImage);      // and nothing after it
    const JournalState state = state_of(session.journal);
    CHECK(state.begin_of.contains(synchrotron));
    CHECK_FALSE(state.done.contains(synchrotron));
    auto resumed = resume_apply(world.client, world.setup(&postgres));
    REQUIRE(resumed);
    CHECK_MESSAGE(resumed->run.outcome == Outcome::applied, resumed->run.failure);
    CHECK(world.plan().empty());
    CHECK(count_records(session.journal, "step-done", synchrotron) == 1);
    // Resume began the step again with the first try's before-image: undo still restores v1.119.0.
    auto contents = read_journal(session.journal, *test_journal_key());
    REQUIRE(contents);
    std::vector<nlohmann::json> befores;
    for (const auto& record : contents->records)
      if (record.value("record", "") == "step-begin" && record.value("step", "") == synchrotron) befores.push_back(record.at("before"));
    REQUIRE(befores.size() == 2);
    CHECK(befores[1] == befores[0]);
    CHECK(befores[0].dump().find(kOldSynapseImage) != std::string::npos);
  }
  SUBCASE("a failed fsync: the journal is not trusted again") {
    DiskFault failing("step-done", synchrotron, EIO, DiskFault::At::fsync);
    const SessionResult session = apply_with(world, plan, postgres, &failing);
    REQUIRE(failing.fired());
    CHECK(session.run.outcome == Outcome::stopped);
    CHECK(session.run.failure.find("cannot flush the journal") != std::string::npos);
    CHECK(world.live_value(kGeneric, kContainerImage) == kOldSynapseImage);
    auto resumed = resume_apply(world.client, world.setup(&postgres));
    REQUIRE(resumed);
    CHECK_MESSAGE(resumed->run.outcome == Outcome::applied, resumed->run.failure);
    CHECK(world.plan().empty());
    CHECK(count_records(session.journal, "step-done", synchrotron) == 1);
  }
}

TEST_CASE("journal faults: a step that fails while the journal is broken is not rolled back unrecorded") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world({"--slow-image", "v1.120.0"});  // main never becomes ready: its wait fails
  const Plan plan = world.plan();
  DiskFault failing("step-failed", step_id_of(plan, ActionType::wait, kMainStatefulSet), ENOSPC);
  auto setup = world.setup(&postgres);
  setup.options.wait_timeout = std::chrono::seconds(2);
  setup.journal_io = &failing;
  auto session = start_apply(world.client, plan, setup);
  REQUIRE(session);
  REQUIRE(failing.fired());
  CHECK(session->run.outcome == Outcome::stopped);
  REQUIRE_FALSE(session->run.remaining.empty());
  CHECK(session->run.remaining.front().find("nothing was rolled back") == 0);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == kNewSynapseImage);  // left as the journal says: begun, not undone
  CHECK_FALSE(lease_free(world));
  // With the disk fixed, rollback restores it.
  auto rollback_setup = world.setup(&postgres);
  rollback_setup.options.wait_timeout = std::chrono::seconds(5);
  auto rolled = rollback_apply(world.client, rollback_setup);
  REQUIRE(rolled);
  CHECK_MESSAGE(rolled->run.outcome == Outcome::rolled_back, rolled->run.failure);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == kOldSynapseImage);
  CHECK(lease_free(world));
}
