// Maintenance mode by scale-to-zero (§6.2) through the real binary, around the §2.1 upgrade
// (synops.yaml: `maintenance: {when: always}`): every Synapse process stops before the first
// change, main starts again first, every workload gets back the count it had, and the version
// check runs once they run. Maintenance mode is left when the change inside fails (exit 4),
// and when a run killed inside it is resumed or rolled back. The test replays every pod the
// API test server created or deleted (/_test/lifecycle).
#include <doctest/doctest.h>

#include <fstream>
#include <map>

#include "adapters/kubernetes/kinds.h"
#include "support/apply_fixture.h"
#include "support/cli_run.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kSynapse = {"synapse-main",           "synapse-synchrotron",       "synapse-generic-worker",
                                           "synapse-event-persister", "synapse-federation-sender", "synapse-media-repository",
                                           "synapse-li"};
const ObjectRef kMain{"StatefulSet", "matrix", "synapse-main"};
const std::string kImage = "/spec/template/spec/containers/0/image";
const std::string kRecorded = "/metadata/annotations/synops.io~1replicas-before-maintenance";

bool says(const Finished& run, const std::string& text) { return run.err.find(text) != std::string::npos; }
std::string kubeconfig(const ApplyWorld& world) { return (world.server.certs() / "kubeconfig-token.yaml").string(); }

fs::path manifests_in_maintenance(const ApplyWorld& world, const ApplyPostgres& postgres) {
  const fs::path dir = write_manifests(world, postgres);
  std::ofstream(dir / "synops.yaml", std::ios::app) << "maintenance:\n  mode: scale-to-zero\n  when: always\n";
  return dir;
}

// The Synapse workload a pod belongs to ("synapse-main" for synapse-main-0), or "".
std::string workload_of(const std::string& pod) {
  std::string best;
  for (const auto& name : kSynapse)
    if (pod.starts_with(name + "-") && name.size() > best.size()) best = name;
  return best;
}

ObjectRef ref_of(const ApplyWorld& world, const std::string& name) {
  for (const char* kind : {"StatefulSet", "Deployment"}) {
    const ObjectRef ref{kind, "matrix", name};
    if (auto got = world.client.get(ref); got && *got) return ref;
  }
  FAIL("no workload " << name);
  return {};
}

// Every Synapse workload's spec.replicas, by name.
std::map<std::string, nlohmann::json> synapse_replicas(const ApplyWorld& world) {
  std::map<std::string, nlohmann::json> replicas;
  for (const auto& name : kSynapse) replicas[name] = world.live_value(ref_of(world, name), "/spec/replicas");
  return replicas;
}

bool any_recorded_count_left(const ApplyWorld& world) {
  for (const auto& name : kSynapse)
    if (!world.live_value(ref_of(world, name), kRecorded).is_null()) return true;
  return false;
}

// What the Synapse pods' lifecycle shows: whether none ran at some moment, and which pod
// started first after that.
struct SynapseHistory {
  bool ever_none = false;
  std::string first_started_after_none;
  std::string trace;
};

SynapseHistory replay_synapse_pods(const ApplyWorld& world, size_t alive) {
  SynapseHistory history;
  const nlohmann::json events = world.server.admin("GET", "/_test/lifecycle?resource=pods")["events"];
  for (const auto& event : events) {
    const std::string name = event["name"].get<std::string>();
    if (workload_of(name).empty()) continue;
    const bool added = event["event"] == "ADDED";
    alive = added ? alive + 1 : alive - 1;
    if (added && history.ever_none && history.first_started_after_none.empty()) history.first_started_after_none = name;
    history.ever_none = history.ever_none || alive == 0;
    history.trace += event["event"].get<std::string>() + " " + name + "\n";
  }
  return history;
}

size_t synapse_pods_now(const ApplyWorld& world) {
  auto pods = world.client.list(*kube::find_kind("Pod"), "matrix");
  REQUIRE(pods);
  return static_cast<size_t>(std::ranges::count_if(*pods, [](const LiveObject& pod) { return !workload_of(pod.ref.name).empty(); }));
}

}  // namespace

TEST_CASE("cli apply: the §2.1 upgrade in scale-to-zero maintenance mode stops every Synapse process, then starts main first") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = manifests_in_maintenance(world, postgres);
  const auto replicas = synapse_replicas(world);
  const size_t pods = synapse_pods_now(world);
  const auto applied = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  CHECK(says(applied, "[3/19] maintenance Namespace/matrix — record 8 replica(s) of Deployment/matrix/synapse-synchrotron and scale it to 0"));
  CHECK(says(applied, "[18/19] maintenance Namespace/matrix — scale StatefulSet/matrix/synapse-main back to its recorded 1 replica(s)"));
  // Main is waited for until ready before any worker is scaled back (it migrates the schema first).
  const size_t main_back = applied.err.find("scale StatefulSet/matrix/synapse-main back");
  const size_t main_waited = applied.err.find("[18/19] maintenance Namespace/matrix — wait StatefulSet/matrix/synapse-main — ");
  const size_t worker_back = applied.err.find("scale Deployment/matrix/synapse-synchrotron back to its recorded 8 replica(s)");
  CHECK(main_back < main_waited);
  CHECK_MESSAGE(main_waited < worker_back, applied.err);
  CHECK(worker_back != std::string::npos);
  const SynapseHistory history = replay_synapse_pods(world, pods);
  CHECK_MESSAGE(history.ever_none, history.trace);
  CHECK_MESSAGE(history.first_started_after_none == "synapse-main-0", history.trace);
  CHECK(synapse_replicas(world) == replicas);
  CHECK_FALSE(any_recorded_count_left(world));
  CHECK(world.live_value(kMain, kImage) == "matrixdotorg/synapse:v1.120.0");
  CHECK(all_journals(world.journal_dir()).find(R"({"kind":"Deployment","name":"synapse-synchrotron","replicas":8})") != std::string::npos);
  const auto again = run_cli({"plan", manifests.string(), "--detailed-exitcode", "--kubeconfig", kubeconfig(world)});
  CHECK_MESSAGE(again.code == 0, again.err);  // nothing left to do, maintenance mode included
}

TEST_CASE("cli apply: an image that cannot be pulled fails when maintenance mode ends; rollback undoes it and leaves again (exit 4)") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world({"--unpullable-image", "v1.120.0", "--forced-rollback"});
  const Plan before = world.plan();
  const fs::path manifests = manifests_in_maintenance(world, postgres);
  const auto replicas = synapse_replicas(world);
  auto args = concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world));
  *(std::ranges::find(args, "--timeout") + 1) = "300";
  const auto failed = run_cli(args);
  CHECK_MESSAGE(failed.code == 4, failed.err);
  CHECK(says(failed, "a18 (maintenance Namespace/matrix) failed: StatefulSet matrix/synapse-main cannot roll out"));
  CHECK(says(failed, "a4 (update StatefulSet/matrix/synapse-main) did not reach its point of no return"));
  CHECK(says(failed, "undo a18 — record 1 replica(s) of StatefulSet/matrix/synapse-main and scale it to 0"));
  CHECK(says(failed, "undo a3 — scale StatefulSet/matrix/synapse-main back to its recorded 1 replica(s)"));
  CHECK(says(failed, "Rolled back"));
  CHECK(world.live_value(kMain, kImage) == "matrixdotorg/synapse:v1.119.0");
  CHECK(synapse_replicas(world) == replicas);
  CHECK_FALSE(any_recorded_count_left(world));
  CHECK(plan_keys(world.plan()) == plan_keys(before));
}

TEST_CASE("cli apply: killed inside maintenance mode, resume finishes and leaves it; rollback undoes and leaves it") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  for (const std::string then : {"resume", "rollback"}) {
    CAPTURE(then);
    ApplyWorld world;
    const fs::path manifests = manifests_in_maintenance(world, postgres);
    const auto replicas = synapse_replicas(world);
    const auto killed = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)),
                                "[6/19] update Deployment/matrix/synapse-synchrotron");
    REQUIRE_MESSAGE(killed.code == -1, killed.err);
    REQUIRE(world.live_value(kMain, "/spec/replicas") == 0);  // killed while Synapse is stopped
    const auto finished = run_cli(concat({then, manifests.string()}, cluster_args(world)));
    CHECK_MESSAGE(finished.code == 0, finished.err);
    CHECK(synapse_replicas(world) == replicas);
    CHECK_FALSE(any_recorded_count_left(world));
    CHECK(world.live_value(kMain, kImage) == (then == "resume" ? "matrixdotorg/synapse:v1.120.0" : "matrixdotorg/synapse:v1.119.0"));
    if (then == "resume") {
      const auto again = run_cli({"plan", manifests.string(), "--detailed-exitcode", "--kubeconfig", kubeconfig(world)});
      CHECK_MESSAGE(again.code == 0, again.err);
    }
  }
}
