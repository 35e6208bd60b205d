// The API server going away during apply and rollback (issue #18: 7): refused connections and
// hung requests are retried for the request budget; a rollback that meets an outage waits for
// the API up to a bound it prints, and past the bound stops at the first undo it could not send,
// so main never runs an older version than a worker. The real binary where it matters.
#include <doctest/doctest.h>

#include <cstdlib>
#include <thread>

#include "stages/apply/api_outage.h"
#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "support/example_objects.h"
#include "support/stopwatch.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

const std::string kApps = "/apis/apps/v1/namespaces/matrix/";
const std::vector<ObjectRef> kWorkers = {
    {"Deployment", "matrix", "synapse-synchrotron"},         {"Deployment", "matrix", "synapse-generic-worker"},
    {"StatefulSet", "matrix", "synapse-event-persister"},    {"StatefulSet", "matrix", "synapse-federation-sender"},
    {"StatefulSet", "matrix", "synapse-media-repository"},   {"StatefulSet", "matrix", "synapse-li"}};

std::vector<std::string> apply_args(const ApplyWorld& world, const fs::path& manifests) {
  return concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world));
}

// Apply fails at the LI instance's update (the last worker: every other one is upgraded by
// then). Main's new version started, so its rollback stops at the point of no return (exit 5),
// keeping every worker's new image: only `rollback --through-barrier` then sends undos.
void fail_at_li(const ApplyWorld& world) {
  world.server.inject({{"rules", {{{"type", "status"}, {"status", 422}, {"verb", "patch"}, {"path", kApps + "statefulsets/synapse-li"}}}}});
}

// The rollback's first write, the undo of the media repository (the only PATCH that carries
// the old image back to it), goes through; then an outage of `outage_ms` begins, which the rest
// of that undo (reading the StatefulSet back to free pods left on the undone template) meets.
void outage_after_first_undo(const ApplyWorld& world, int outage_ms) {
  world.server.inject({{"rules",
                        {{{"type", "outage"}, {"ms", outage_ms}, {"mode", "refuse"}, {"verb", "patch"},
                          {"path", kApps + "statefulsets/synapse-media-repository"}, {"body", kOldSynapseImage}}}}});
}

// apply, stopped at main's point of no return by the LI's failure.
void apply_stopped_at_barrier(const ApplyWorld& world, const fs::path& manifests) {
  fail_at_li(world);
  const auto stopped = run_cli(apply_args(world, manifests));
  REQUIRE_MESSAGE(stopped.code == 5, stopped.err);
  CHECK(stopped.err.find("point of no return: a4 (update StatefulSet/matrix/synapse-main) is not undone") != std::string::npos);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == kNewSynapseImage);
}

std::vector<std::string> through_barrier_args(const ApplyWorld& world, const fs::path& manifests) {
  return concat({"rollback", manifests.string(), "--through-barrier"}, cluster_args(world));
}

}  // namespace

TEST_CASE("rollback's wait for the API: made again once it answers; past the bound, the failure with why") {
  TestApiServer server({"--seed", example_snapshot().string()});
  kube::HttpOptions quick;  // requests give up fast, so that the wait itself is what is tested
  quick.retry.total = std::chrono::milliseconds(300);
  auto client = kube::KubeClient::connect(server.token_config(), quick);
  REQUIRE(client);
  std::vector<std::string> progress;
  apply::ActuationContext context{*client, {}, {}, [&](const std::string& line) { progress.push_back(line); }};
  int calls = 0;
  const auto get_main = [&]() -> Result<bool> {
    ++calls;
    auto object = client->get(kMainStatefulSet);
    if (!object) return std::unexpected(object.error());
    return true;
  };

  server.inject({{"outage_ms", 2000}, {"mode", "refuse"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  apply::ApiOutageWait patient(context, std::chrono::seconds(10));
  CHECK(patient.call(get_main));
  CHECK(calls == 2);
  CHECK_FALSE(patient.gave_up());
  REQUIRE(progress.size() == 2);
  CHECK(progress[0] == "the API server at " + server.url() + " does not answer; waiting up to 10 s before giving up (Ctrl-C stops)");
  CHECK(progress[1] == "the API server at " + server.url() + " answers again");

  server.inject({{"outage_ms", 3000}, {"mode", "refuse"}});
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  apply::ApiOutageWait hasty(context, std::chrono::seconds(1));
  auto failed = hasty.call(get_main);
  REQUIRE_FALSE(failed);
  CHECK(hasty.gave_up());
  CHECK(failed.error().front().message.find("(the API server at " + server.url() + " did not answer within 1 s)") != std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));

  // An answer is a failure of its own: not waited for.
  progress.clear();
  apply::ApiOutageWait answered(context, std::chrono::seconds(10));
  auto missing = answered.call([&]() -> Result<bool> { return fail("refused by the API"); });
  CHECK_FALSE(missing);
  CHECK(progress.empty());
}

TEST_CASE("cli apply: a 10 s outage (refused connections) in the middle of apply: apply waits and finishes") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = write_manifests(world, postgres);
  // The API server goes away once the first worker is updated.
  world.server.inject({{"rules", {{{"type", "outage"}, {"ms", 10000}, {"mode", "refuse"}, {"verb", "patch"},
                                   {"path", kApps + "deployments/synapse-synchrotron"}}}}});
  const auto started = std::chrono::steady_clock::now();
  const auto applied = run_cli(apply_args(world, manifests));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  CHECK(seconds_since(started) >= 10.0);
  CHECK(world.plan().empty());
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == kNewSynapseImage);
}

TEST_CASE("cli apply: a GET that hangs longer than the stall timeout is sent again and the run finishes") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = write_manifests(world, postgres);
  world.server.inject({{"rules", {{{"type", "hang"}, {"ms", 20000}, {"verb", "get"}, {"path", kApps + "statefulsets/synapse-main"}}}}});
  const auto applied = run_cli(apply_args(world, manifests));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  CHECK(world.plan().empty());
  // The hung GET is in the log (its status 0: no answer), and the same GET came again after it.
  const auto log = world.server.requests()["requests"];
  size_t hung = log.size();
  for (size_t i = 0; i < log.size() && hung == log.size(); ++i)
    if (log[i]["verb"] == "get" && log[i]["path"] == kApps + "statefulsets/synapse-main" && log[i]["status"] == 0) hung = i;
  REQUIRE(hung < log.size());
  bool again = false;
  for (size_t i = hung + 1; i < log.size(); ++i) again = again || (log[i]["verb"] == "get" && log[i]["path"] == log[hung]["path"]);
  CHECK(again);
}

TEST_CASE("cli rollback --through-barrier: an outage as rollback begins: rollback waits for the API and finishes (exit 0)") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const Plan before = world.plan();
  const fs::path manifests = write_manifests(world, postgres);
  apply_stopped_at_barrier(world, manifests);
  outage_after_first_undo(world, 6000);
  const auto rolled = run_cli(through_barrier_args(world, manifests));
  CHECK_MESSAGE(rolled.code == 0, rolled.err);
  CHECK(rolled.err.find("Rolled back") != std::string::npos);  // the 6 s outage was ridden out by the request's own retries
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == kOldSynapseImage);
  for (const auto& worker : kWorkers) CHECK_MESSAGE(world.live_value(worker, kContainerImage) == kOldSynapseImage, worker.str());
  CHECK(plan_keys(world.plan()) == plan_keys(before));
}

TEST_CASE("cli rollback --through-barrier: an outage longer than its bound: exit 1, no older undo sent; the next rollback finishes") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const Plan before = world.plan();
  const fs::path manifests = write_manifests(world, postgres);
  apply_stopped_at_barrier(world, manifests);
  // 30 s of the request's own retries, then rollback's wait of 2 s, then the outage still lasts.
  outage_after_first_undo(world, 36000);
  ::setenv("SYNOPS_API_WAIT_SECONDS", "2", 1);
  const auto failed = run_cli(through_barrier_args(world, manifests));
  ::unsetenv("SYNOPS_API_WAIT_SECONDS");
  CHECK_MESSAGE(failed.code == 1, failed.err);
  CHECK(failed.err.find("does not answer; waiting up to 2 s before giving up (Ctrl-C stops)") != std::string::npos);
  CHECK(failed.err.find("Rollback incomplete; what remains:") != std::string::npos);
  CHECK(failed.err.find("did not answer within 2 s") != std::string::npos);
  CHECK(failed.err.find("undo a11") == std::string::npos);
  // The outage begins right after the media repository's template is restored, as its undo
  // reads the StatefulSet again to free pods left on the undone template: that undo fails.
  CHECK(failed.err.find("cannot undo a14: the template is restored, but cannot read StatefulSet matrix/synapse-media-repository") !=
        std::string::npos);
  CHECK_MESSAGE(failed.err.find("not undone, so that no process runs an older version than one still newer: a12, a10, a8, a6, a4") !=
                    std::string::npos,
                failed.err);
  // Once the API is back (reading waits for it): only the media repository was restored, so
  // main is as new as every worker; no undo reached the workers upgraded before it, nor main.
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == kNewSynapseImage);
  for (const auto& worker : kWorkers)
    if (worker.name != "synapse-li" && worker.name != "synapse-media-repository")
      CHECK_MESSAGE(world.live_value(worker, kContainerImage) == kNewSynapseImage, worker.str());
  const auto rolled = run_cli(through_barrier_args(world, manifests));
  CHECK_MESSAGE(rolled.code == 0, rolled.err);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == kOldSynapseImage);
  for (const auto& worker : kWorkers) CHECK_MESSAGE(world.live_value(worker, kContainerImage) == kOldSynapseImage, worker.str());
  CHECK(plan_keys(world.plan()) == plan_keys(before));
}
