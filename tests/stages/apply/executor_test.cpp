// `apply` against the Kubernetes API test server and a real PostgreSQL server: the guide's
// upgrade end to end, failures at several positions rolled back, stale plans and a held
// lock refused, Ctrl-C then resume or rollback, backups that restore, no secret in the journal.
#include <doctest/doctest.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <pwd.h>
#include <sys/stat.h>

#include <csignal>
#include <fstream>
#include <thread>
#include <utility>

#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "stages/apply/apply_lock.h"
#include "domain/apply_kit/guarded_patch.h"
#include "domain/apply_kit/interrupt.h"
#include "stages/apply/journal_state.h"
#include "domain/apply_kit/run_program.h"
#include "domain/synapse/config_hash.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::apply;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

const std::string kHomeserverPath = "/data/homeserver.yaml";
const std::string kExecutorCanary = "CANARY-s3cr3t-7f1d";

std::vector<fs::path> files_with(const fs::path& dir, const std::string& suffix) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().string().ends_with(suffix)) found.push_back(entry.path());
  return found;
}

int permission_bits(const fs::path& path) {
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

SessionResult run_apply(const ApplyWorld& world, const Plan& plan, const SessionSetup& setup) {
  auto session = start_apply(world.client, plan, setup);
  REQUIRE_MESSAGE(session, (session ? "" : session.error().front().message));
  return std::move(*session);
}

// A run that stopped at main's point of no return, rolled back through it: the start again.
void roll_back_through_barrier(const ApplyWorld& world, const ApplyPostgres& postgres) {
  auto setup = world.setup(&postgres);
  setup.through_barrier = true;
  auto rolled = rollback_apply(world.client, setup);
  REQUIRE(rolled);
  CHECK_MESSAGE(rolled->run.outcome == Outcome::rolled_back, rolled->run.failure);
}

// A secret the apply must never copy into its journal: a key in homeserver.yaml.
void plant_canary(const ApplyWorld& world) {
  auto config = world.client.get(kSynapseConfigMap);
  REQUIRE(config);
  nlohmann::json body = (*config)->body.json();
  body["data"]["homeserver.yaml"] = body["data"]["homeserver.yaml"].get<std::string>() + "macaroon_secret_key: \"" + kExecutorCanary + "\"\n";
  world.server.admin("POST", "/_test/objects", body.dump());
}

void change_rate_limit(ApplyWorld& world, int per_second) {
  world.desired.synapse.homeserver.value["rc_message"]["per_second"] = per_second;
  for (auto* image : {&world.desired.synapse.main_image, &world.desired.synapse.workers_image, &world.desired.synapse.li_image})
    if (*image) (*image)->value = "matrixdotorg/synapse:v1.119.0";  // what runs: a config change only
}

}  // namespace

TEST_CASE("apply: the guide's upgrade runs every step, then the plan is empty; the backup is a real dump") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const Plan plan = world.plan();
  REQUIRE(plan.actions.size() > 10);
  auto session = run_apply(world, plan, world.setup(&postgres));
  CHECK_MESSAGE(session.run.outcome == Outcome::applied, session.run.failure);
  CHECK(world.plan().empty());
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
  CHECK(lease_free(world));
  // The journal: private, a begin and a done record per step, finished.
  CHECK(permission_bits(world.journal_dir()) == 0700);
  CHECK(permission_bits(session.journal) == 0600);
  auto contents = read_journal(session.journal, *test_journal_key());
  REQUIRE(contents);
  const JournalState state = journal_state(contents->records);
  CHECK(state.outcome == "applied");
  CHECK(state.done.size() == plan.actions.size());
  // The pg_dump: 0600, and pg_restore can read it.
  const auto dumps = files_with(world.journal_dir(), ".pg_dump");
  REQUIRE(dumps.size() == 1);
  CHECK(permission_bits(dumps.front()) == 0600);
  const ProgramRun list = run_program({"pg_restore", "--list", dumps.front().string()}, {});
  CHECK(list.exit_code == 0);
  CHECK(list.output.find("TABLE public events") != std::string::npos);
}

TEST_CASE("apply: a failed backup stops the apply before any change") {
  ApplyWorld world;
  const Plan plan = world.plan();
  auto session = run_apply(world, plan, world.setup(nullptr));  // no database connection
  CHECK(session.run.outcome == Outcome::failed_before_change);
  CHECK(session.run.failure.find("a1 (backup Cluster/matrix/synapse-postgres) failed: backup a1 needs a connection") == 0);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
  CHECK(plan_keys(world.plan()) == plan_keys(plan));
  CHECK(lease_free(world));
}

TEST_CASE("apply: a rollout that never becomes ready is rolled back; live is as before and healthy") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world({"--slow-image", "v1.120.0"});  // never ready, never started: nothing migrated
  const Plan plan = world.plan();
  auto setup = world.setup(&postgres);
  setup.options.wait_timeout = std::chrono::seconds(2);
  auto session = run_apply(world, plan, setup);
  CHECK(session.run.outcome == Outcome::rolled_back);
  CHECK(session.run.failure.find("(wait StatefulSet/matrix/synapse-main) failed: StatefulSet matrix/synapse-main was not ready after 2s") !=
        std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
  CHECK(plan_keys(world.plan()) == plan_keys(plan));  // the plan against the same desired state: as before
  CHECK(lease_free(world));
  auto contents = read_journal(session.journal, *test_journal_key());
  REQUIRE(contents);
  CHECK(journal_state(contents->records).outcome == "rolled-back");
}

TEST_CASE("apply: a write that meets a conflict reads again and retries; only a lasting one fails") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  world.server.inject({{"rules", {{{"type", "conflict"}, {"count", kWriteAttempts - 1}, {"verb", "patch"},
                                   {"path", "/apis/apps/v1/namespaces/matrix/statefulsets/synapse-main"}}}}});
  auto session = run_apply(world, world.plan(), world.setup(&postgres));
  CHECK_MESSAGE(session.run.outcome == Outcome::applied, session.run.failure);
  CHECK(world.plan().empty());
}

// The PATCHes of main the server logged, in order (status, at_ms).
std::vector<nlohmann::json> patch_log_of_main(const ApplyWorld& world) {
  std::vector<nlohmann::json> patches;
  const nlohmann::json log = world.server.requests();  // kept: a loop over a temporary's member dangles
  for (const auto& request : log["requests"])
    if (request["verb"] == "patch" && request["path"] == "/apis/apps/v1/namespaces/matrix/statefulsets/synapse-main")
      patches.push_back(request);
  return patches;
}

// The answers to PATCHes of main, in order.
std::vector<unsigned> patches_of_main(const ApplyWorld& world) {
  std::vector<unsigned> statuses;
  for (const auto& request : patch_log_of_main(world)) statuses.push_back(request["status"].get<unsigned>());
  return statuses;
}

TEST_CASE("apply: a write refused with 429 waits for Retry-After, then goes through once") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  for (const int retry_after : {1, 3}) {
    CAPTURE(retry_after);
    ApplyWorld world;
    world.server.inject({{"rules", {{{"type", "status"}, {"status", 429}, {"retry_after", retry_after}, {"verb", "patch"},
                                     {"path", "/apis/apps/v1/namespaces/matrix/statefulsets/synapse-main"}}}}});
    auto session = run_apply(world, world.plan(), world.setup(&postgres));
    CHECK_MESSAGE(session.run.outcome == Outcome::applied, session.run.failure);
    CHECK(world.plan().empty());
    const auto patches = patch_log_of_main(world);
    REQUIRE(patches.size() >= 2);
    CHECK(patches[0]["status"] == 429);
    CHECK(patches[1]["status"] == 200);  // the server did not act on a 429: sent again, not settled by reading
    // No request of the run reached the server before Retry-After had passed (server clock).
    const double refused_at = patches[0]["at_ms"].get<double>();
    const nlohmann::json log = world.server.requests();
    for (const auto& request : log["requests"]) {
      const double at = request["at_ms"].get<double>();
      if (at > refused_at) CHECK(at >= refused_at + retry_after * 1000.0 - 5);
    }
  }
}

TEST_CASE("apply: a write answered 500 (outcome unknown) is settled by reading again: sent again only when it did not land") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  std::vector<unsigned> clean;
  {
    ApplyWorld world;
    auto session = run_apply(world, world.plan(), world.setup(&postgres));
    REQUIRE_MESSAGE(session.run.outcome == Outcome::applied, session.run.failure);
    clean = patches_of_main(world);
  }
  REQUIRE_FALSE(clean.empty());
  // "status": refused before acting; "landed": acted, then answered 500; "truncate": acted,
  // and the answer was cut off mid-body (logged 200, the client saw no complete answer).
  for (const std::string fault : {"status", "landed", "truncate"}) {
    CAPTURE(fault);
    const bool landed = fault != "status";
    ApplyWorld world;
    world.server.inject({{"rules", {{{"type", fault}, {"status", 500}, {"verb", "patch"},
                                     {"path", "/apis/apps/v1/namespaces/matrix/statefulsets/synapse-main"}}}}});
    auto session = run_apply(world, world.plan(), world.setup(&postgres));
    CHECK_MESSAGE(session.run.outcome == Outcome::applied, session.run.failure);
    CHECK(world.plan().empty());
    const auto statuses = patches_of_main(world);
    REQUIRE_FALSE(statuses.empty());
    CHECK(statuses.front() == (fault == "truncate" ? 200 : 500));
    // Not landed: one PATCH more than a clean run. Landed: the same count, the 500 included;
    // never a second copy of a write that took effect.
    CHECK(statuses.size() == clean.size() + (landed ? 0 : 1));
    CHECK(std::count(statuses.begin() + 1, statuses.end(), 200u) == static_cast<long>(statuses.size()) - 1);
    // The journal says the step wrote its values (not that they were live before it).
    CHECK(world.journal_text().find("\"already_live\":true") == std::string::npos);
  }
}

TEST_CASE("apply: a write answered 500 every time stops the step after a few reads; the run rolls back") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const Plan plan = world.plan();
  world.server.inject({{"rules", {{{"type", "status"}, {"status", 500}, {"count", 1000}, {"verb", "patch"},
                                   {"path", "/apis/apps/v1/namespaces/matrix/statefulsets/synapse-main"}}}}});
  auto session = run_apply(world, plan, world.setup(&postgres));
  CHECK(session.run.outcome == Outcome::rolled_back);
  CHECK_MESSAGE(session.run.failure.find("outcome unknown: cannot patch StatefulSet matrix/synapse-main") != std::string::npos,
                session.run.failure);
  CHECK(patches_of_main(world).size() == static_cast<size_t>(kWriteAttempts));  // the undo found nothing to undo
  CHECK(plan_keys(world.plan()) == plan_keys(plan));
  CHECK(lease_free(world));
}

TEST_CASE("apply: a later step whose object changed under it: rollback stops at main's point of no return; through it, the start") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const Plan plan = world.plan();
  world.server.inject({{"rules", {{{"type", "conflict"}, {"count", kWriteAttempts}, {"verb", "patch"}, {"path", "/apis/apps/v1/namespaces/matrix/deployments/synapse-synchrotron"}}}}});
  auto session = run_apply(world, plan, world.setup(&postgres));
  CHECK(session.run.outcome == Outcome::stopped_at_barrier);
  CHECK(session.run.failure.find("(update Deployment/matrix/synapse-synchrotron) failed: changed since plan") != std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");  // its new version ran: kept
  roll_back_through_barrier(world, postgres);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
  CHECK(world.live_value(kSynchrotronDeployment, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
  CHECK(plan_keys(world.plan()) == plan_keys(plan));
}

TEST_CASE("apply: a homeserver.yaml change restarts the readers; a failed restart restores the file byte for byte") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  plant_canary(world);
  const std::string original = world.live_value(kSynapseConfigMap, kHomeserverPath);
  change_rate_limit(world, 25);
  const Plan plan = world.plan();
  world.server.inject({{"rules", {{{"type", "conflict"}, {"count", kWriteAttempts}, {"verb", "patch"}, {"path", "/apis/apps/v1/namespaces/matrix/statefulsets/synapse-federation-sender"}}}}});
  auto session = run_apply(world, plan, world.setup(&postgres));
  CHECK_MESSAGE(session.run.outcome == Outcome::rolled_back, session.run.failure);
  CHECK(world.live_value(kSynapseConfigMap, kHomeserverPath) == original);
  // Everything that ran with the new file was restarted to read the old one.
  CHECK(world.live_value(kMainStatefulSet, "/spec/template/metadata/annotations/synops.io~1config-hash") == config_hash(original));
  CHECK(plan_keys(world.plan()) == plan_keys(plan));
  // The journal holds no secret; the ConfigMap's backup copy does, and is private.
  CHECK(world.journal_text().find(kExecutorCanary) == std::string::npos);
  const auto copies = files_with(world.journal_dir(), ".ConfigMap.synapse-config.json");
  REQUIRE(copies.size() == 1);
  CHECK(slurp(copies.front()).find(kExecutorCanary) != std::string::npos);
  CHECK(permission_bits(copies.front()) == 0600);
}

TEST_CASE("apply: a homeserver.yaml change applied; restarted pods carry the new config hash") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  change_rate_limit(world, 25);
  auto session = run_apply(world, world.plan(), world.setup(&postgres));
  CHECK_MESSAGE(session.run.outcome == Outcome::applied, session.run.failure);
  CHECK(world.plan().empty());
  const std::string text = world.live_value(kSynapseConfigMap, kHomeserverPath);
  CHECK(text.find("per_second: 25") != std::string::npos);
  CHECK(world.live_value(kSendersStatefulSet, "/spec/template/metadata/annotations/synops.io~1config-hash") == config_hash(text));
}

TEST_CASE("apply: a saved plan is refused when an object it read has changed, naming it") {
  ApplyWorld world;
  const Plan plan = world.plan();
  REQUIRE(world.client.merge_patch(kMainStatefulSet, {{"metadata", {{"labels", {{"touched", "yes"}}}}}}, ""));
  auto session = run_apply(world, plan, world.setup(nullptr));
  REQUIRE(session.refused);
  REQUIRE(session.reasons.size() == 1);
  CHECK(session.reasons.front().find("StatefulSet matrix/synapse-main changed since the plan was made (resourceVersion ") == 0);
  CHECK(files_with(world.journal_dir(), ".journal").empty());  // written before the lock, removed: it did nothing
  CHECK(lease_free(world));
  CHECK_FALSE(run_apply(world, world.plan(), world.setup(nullptr)).refused);  // not held up by it
}

TEST_CASE("apply: a second apply is refused while the lock is held; force-unlock needs the holder's id") {
  ApplyWorld world;
  auto other = ApplyLock::acquire(world.client, "matrix", "feedfacefeedface");
  REQUIRE(other);
  auto session = run_apply(world, world.plan(), world.setup(nullptr));
  REQUIRE(session.refused);
  CHECK(session.reasons.front().find("another apply holds the lock Lease matrix/synops-apply: held by feedfacefeedface ") == 0);
  CHECK(session.reasons.front().find("synops force-unlock feedfacefeedface") != std::string::npos);
  auto wrong = force_unlock(world.client, "matrix", "0123456789abcdef");
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().front().message.find("held by feedfacefeedface") != std::string::npos);
  // Renewed a moment ago: its run is probably alive, so only --force releases it.
  auto alive = force_unlock(world.client, "matrix", "feedfacefeedface");
  REQUIRE_FALSE(alive);
  CHECK(alive.error().front().message.find("within its 60 s duration: that run is probably still going") != std::string::npos);
  REQUIRE(force_unlock(world.client, "matrix", "feedfacefeedface", true));
  CHECK(ApplyLock::acquire(world.client, "matrix", "0123456789abcdef"));
}

// Issue #18, 5: a Lease its holder stopped renewing is taken over after its duration, as
// Kubernetes leader election does; the holder, should it live, is fenced out at its next write.
TEST_CASE("apply: a Lease not renewed for longer than its duration is taken over, and its old holder cannot write any more") {
  ApplyWorld world;
  auto silent = ApplyLock::acquire(world.client, "matrix", "5555555555555555");
  REQUIRE(silent);
  const auto fenced = world.client.fenced([&silent] { return silent->confirm(); });
  REQUIRE(fenced.merge_patch(kMainStatefulSet, {{"metadata", {{"labels", {{"fenced", "one"}}}}}}, ""));  // holds it: writes go through
  auto fresh = ApplyLock::acquire(world.client, "matrix", "6666666666666666");
  REQUIRE_FALSE(fresh);  // renewed just now
  const auto long_ago = fmt::format("{:%Y-%m-%dT%H:%M:%S}.000000Z", std::chrono::floor<std::chrono::seconds>(
                                                                        std::chrono::system_clock::now() - std::chrono::seconds(61)));
  REQUIRE(world.client.merge_patch(kApplyLease, {{"spec", {{"renewTime", long_ago}, {"acquireTime", long_ago}}}}, ""));
  std::string taken_over;
  auto taker = ApplyLock::acquire(world.client, "matrix", "6666666666666666", "", &taken_over);
  REQUIRE(taker);
  CHECK_MESSAGE(taken_over.find("took over the apply lock Lease matrix/synops-apply held by 5555555555555555 ") == 0, taken_over);
  CHECK(taken_over.find("not renewed within its 60 s duration") != std::string::npos);
  auto refused = fenced.merge_patch(kMainStatefulSet, {{"metadata", {{"labels", {{"fenced", "two"}}}}}}, "");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().front().message.starts_with("lost the apply lock Lease matrix/synops-apply"));
  CHECK(world.live_value(kMainStatefulSet, "/metadata/labels/fenced") == "one");  // the fenced write was never sent
}

TEST_CASE("apply: two runs taking a free lock at once: one holds it, the other is refused as by a held lock (exit 3)") {
  ApplyWorld world;
  for (const std::string ns : {"race-a", "race-b", "race-c", "race-d", "race-e", "race-f"}) {
    CAPTURE(ns);
    std::optional<Result<ApplyLock>> first, second;
    std::thread one([&] { first = ApplyLock::acquire(world.client, ns, "1111111111111111"); });
    std::thread two([&] { second = ApplyLock::acquire(world.client, ns, "2222222222222222"); });
    one.join();
    two.join();
    REQUIRE((first->has_value() != second->has_value()));
    const auto& lost = first->has_value() ? *second : *first;
    CHECK_MESSAGE(lost.error().front().message.starts_with("another apply holds the lock Lease " + ns + "/synops-apply: held by "),
                  lost.error().front().message);
  }
}

TEST_CASE("apply: the lock names the account the run is, also where $USER is not set (cron, containers)") {
  ApplyWorld world;
  const char* user = std::getenv("USER");
  const std::string saved = user != nullptr ? user : "";
  ::unsetenv("USER");
  auto lock = ApplyLock::acquire(world.client, "matrix", "3333333333333333");
  if (user != nullptr) ::setenv("USER", saved.c_str(), 1);
  REQUIRE(lock);
  const passwd* account = ::getpwuid(::geteuid());
  REQUIRE(account != nullptr);
  const std::string holder = world.live_value(kApplyLease, "/spec/holderIdentity").get<std::string>();
  CHECK_MESSAGE(holder.starts_with("3333333333333333 " + std::string(account->pw_name) + "@"), holder);
}

TEST_CASE("apply: Ctrl-C stops after the current step; resume finishes, or rollback through main's point of no return restores the start") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  for (const bool resume : {true, false}) {
    CAPTURE(resume);
    ApplyWorld world;
    const Plan plan = world.plan();
    auto setup = world.setup(&postgres);
    install_interrupt_handlers();
    reset_interrupted();
    // As a person pressing Ctrl-C once during step 5 (a wait prints several "[5/" lines; a
    // second Ctrl-C would end the process at once).
    setup.progress = [pressed = false](const std::string& line) mutable {
      if (line.starts_with("[5/") && !std::exchange(pressed, true)) std::raise(SIGINT);
    };
    auto session = run_apply(world, plan, setup);
    reset_interrupted();
    CHECK(session.run.outcome == Outcome::interrupted);
    CHECK_FALSE(lease_free(world));  // kept for resume and rollback
    CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
    setup.progress = [](const std::string&) {};
    if (resume) {
      // Another cluster (another test server) is refused by name, for resume and rollback alike.
      ApplyWorld elsewhere;
      for (auto* command : {&resume_apply, &rollback_apply}) {
        auto refused = (*command)(elsewhere.client, setup);
        REQUIRE(refused);
        CHECK(refused->refused);
        REQUIRE(refused->reasons.size() == 1);
        CHECK(refused->reasons[0].find("ran against " + world.server.url()) != std::string::npos);
        CHECK(refused->reasons[0].find(elsewhere.server.url()) != std::string::npos);
      }
      CHECK(elsewhere.plan().actions.size() == plan.actions.size());  // nothing was written there
    }
    setup.through_barrier = !resume;  // main's new version ran: a plain rollback would keep it
    auto next = resume ? resume_apply(world.client, setup) : rollback_apply(world.client, setup);
    REQUIRE(next);
    std::string remaining;
    for (const auto& left : next->run.remaining) remaining += left + "\n";
    CHECK_MESSAGE(next->run.outcome == (resume ? Outcome::applied : Outcome::rolled_back), (next->run.failure + "\n" + remaining));
    if (resume) CHECK(world.plan().empty());
    else CHECK(plan_keys(world.plan()) == plan_keys(plan));
    CHECK(lease_free(world));
    auto again = resume_apply(world.client, setup);
    REQUIRE_FALSE(again);
    CHECK(again.error().front().message.find("nothing to resume") == 0);
  }
}

TEST_CASE("apply: a failure at each update of the upgrade: main's is undone; later ones stop at its point of no return, "
          "and rollback through it returns to where the plan started") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  std::vector<Action> updates;
  {
    ApplyWorld world;
    for (const auto& action : world.plan().actions)
      if (action.type == ActionType::update) updates.push_back(action);
  }
  REQUIRE(updates.size() >= 6);
  for (const auto& update : updates) {
    CAPTURE(update.key);
    ApplyWorld world;
    const Plan plan = world.plan();
    const std::string resource = update.target.kind == "Deployment" ? "deployments" : "statefulsets";
    world.server.inject({{"rules", {{{"type", "conflict"}, {"count", kWriteAttempts}, {"verb", "patch"}, {"path", "/apis/apps/v1/namespaces/matrix/" + resource + "/" + update.target.name}}}}});
    auto session = run_apply(world, plan, world.setup(&postgres));
    CHECK(session.run.failure.find(update.id + " (update " + update.target.str() + ") failed: changed since plan") == 0);
    if (update.reversible) {  // after main: its new version ran
      CHECK(session.run.outcome == Outcome::stopped_at_barrier);
      CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
      CHECK_FALSE(lease_free(world));  // kept for resume or rollback
      roll_back_through_barrier(world, postgres);
    } else {  // main's own write failed: nothing of the new version ever started
      CHECK(session.run.outcome == Outcome::rolled_back);
    }
    CHECK(plan_keys(world.plan()) == plan_keys(plan));
    CHECK(lease_free(world));
  }
}

TEST_CASE("apply: a gradual scale-down takes its steps with the configured pause between them") {
  ApplyWorld world;
  for (auto* image : {&world.desired.synapse.main_image, &world.desired.synapse.workers_image, &world.desired.synapse.li_image})
    if (*image) (*image)->value = "matrixdotorg/synapse:v1.119.0";
  for (auto& pool : world.desired.synapse.workers)
    if (pool.role.value == "synchrotron") pool.replicas->value = 4;  // live: 8
  world.desired.synapse.scale_down_step = 2;
  world.desired.synapse.scale_down_pause_seconds = 1;
  const Plan plan = world.plan();
  size_t pauses = 0;
  for (const auto& action : plan.actions) pauses += action.type == ActionType::pause ? 1 : 0;
  REQUIRE(pauses == 1);  // 8 -> 6, pause, 6 -> 4
  REQUIRE_FALSE(plan.summary.backup_required);
  const auto start = std::chrono::steady_clock::now();
  auto session = run_apply(world, plan, world.setup(nullptr));
  CHECK_MESSAGE(session.run.outcome == Outcome::applied, session.run.failure);
  CHECK(std::chrono::steady_clock::now() - start >= std::chrono::seconds(1));
  CHECK(world.live_value(kSynchrotronDeployment, "/spec/replicas") == 4);
  CHECK(world.plan().empty());
}

namespace {

// Starts the example upgrade and stops it with Ctrl-C during step 5 (waiting for synchrotron).
SessionSetup interrupted_upgrade(const ApplyWorld& world, const ApplyPostgres& postgres) {
  auto setup = world.setup(&postgres);
  install_interrupt_handlers();
  reset_interrupted();
  setup.progress = [pressed = false](const std::string& line) mutable {
    if (line.starts_with("[6/") && !std::exchange(pressed, true)) std::raise(SIGINT);  // once: see above
  };
  auto session = run_apply(world, world.plan(), setup);
  reset_interrupted();
  REQUIRE(session.run.outcome == Outcome::interrupted);
  setup.progress = [](const std::string&) {};
  return setup;
}

void set_image(const ApplyWorld& world, const ObjectRef& ref, const std::string& image) {
  auto live = world.client.get(ref);
  REQUIRE(live);
  nlohmann::json containers = (*live)->body.json()["spec"]["template"]["spec"]["containers"];
  containers[0]["image"] = image;
  REQUIRE(world.client.merge_patch(ref, {{"spec", {{"template", {{"spec", {{"containers", containers}}}}}}}}, ""));
}

}  // namespace

TEST_CASE("resume: a step whose object someone changed meanwhile is not written, and the run rolls back to main's point of no return") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const ObjectRef generic{"Deployment", "matrix", "synapse-generic-worker"};
  const auto setup = interrupted_upgrade(world, postgres);
  set_image(world, generic, "matrixdotorg/synapse:v1.119.1");  // someone else, between the runs
  auto resumed = resume_apply(world.client, setup);
  REQUIRE(resumed);
  CHECK(resumed->run.outcome == Outcome::stopped_at_barrier);
  CHECK(resumed->run.failure.find("failed: changed since plan: Deployment matrix/synapse-generic-worker "
                                  "/spec/template/spec/containers/0/image is \"matrixdotorg/synapse:v1.119.1\"") != std::string::npos);
  CHECK(world.live_value(generic, kContainerImage) == "matrixdotorg/synapse:v1.119.1");  // not ours to undo
  // Main's new version ran: it stays, and so does the worker upgraded after it.
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
  CHECK(world.live_value(kSynchrotronDeployment, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
}

TEST_CASE("rollback: what cannot be undone is named and the run stays unfinished; rollback again finishes once it is fixed") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const Plan plan = world.plan();
  const auto setup = interrupted_upgrade(world, postgres);
  set_image(world, kMainStatefulSet, "matrixdotorg/synapse:v1.120.1");  // someone moved main on meanwhile
  auto through = setup;  // main's new version ran: only through its point of no return is it undone
  through.through_barrier = true;
  auto first = rollback_apply(world.client, through);
  REQUIRE(first);
  CHECK(first->run.outcome == Outcome::rollback_incomplete);
  REQUIRE(first->run.remaining.size() == 1);
  CHECK(first->run.remaining.front().find("cannot undo a4: changed since plan: StatefulSet matrix/synapse-main") == 0);
  CHECK(world.live_value(kSynchrotronDeployment, kContainerImage) == "matrixdotorg/synapse:v1.119.0");  // the rest was undone
  CHECK_FALSE(lease_free(world));
  auto refused = resume_apply(world.client, setup);  // a half-undone run never runs forward again
  REQUIRE(refused);
  CHECK(refused->refused);
  set_image(world, kMainStatefulSet, "matrixdotorg/synapse:v1.120.0");  // the operator puts back what apply wrote
  auto second = rollback_apply(world.client, through);
  REQUIRE(second);
  CHECK_MESSAGE(second->run.outcome == Outcome::rolled_back, second->run.failure);
  CHECK(plan_keys(world.plan()) == plan_keys(plan));
  CHECK(lease_free(world));
}
