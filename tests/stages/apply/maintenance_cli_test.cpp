// Maintenance mode (§6.2) through the real binary, around the §2.1 upgrade (synops.yaml:
// `maintenance: {when: always}`), both of the guide's options.
// scale-to-zero: every Synapse process stops before the first change, main starts again first,
// every workload gets back the count it had, and the version check runs once they run; the
// test replays every pod the API test server created or deleted (/_test/lifecycle).
// page: the Ingress points at a maintenance page meanwhile, and gets its backends back.
// Both are left when the change inside fails (exit 4), and when a run killed inside is
// resumed or rolled back.
#include <doctest/doctest.h>

#include <fstream>
#include <map>

#include "adapters/kubernetes/kinds.h"
#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kSynapse = {"synapse-main",           "synapse-synchrotron",       "synapse-generic-worker",
                                           "synapse-event-persister", "synapse-federation-sender", "synapse-media-repository",
                                           "synapse-li"};
const std::string kRecorded = "/metadata/annotations/synops.io~1replicas-before-maintenance";

const ObjectRef kIngress{"Ingress", "matrix", "synapse-ingress"};

fs::path manifests_in_maintenance(const ApplyWorld& world, const ApplyPostgres& postgres, const std::string& mode = "scale-to-zero") {
  const fs::path dir = write_manifests(world, postgres);
  std::ofstream(dir / "synops.yaml", std::ios::app)
      << "maintenance:\n  mode: " << mode << "\n  when: always\n" << (mode == "page" ? "  page: {ingress: synapse-ingress}\n" : "");
  return dir;
}

// The guide's Ingress (§6.2): two paths to synapse-main; returns its rules.
nlohmann::json create_ingress(const ApplyWorld& world) {
  const nlohmann::json backend = {{"service", {{"name", "synapse-main"}, {"port", {{"number", 8008}}}}}};
  const nlohmann::json rules = {{{"host", "matrix.example.org"},
                                 {"http", {{"paths", {{{"path", "/_matrix"}, {"pathType", "Prefix"}, {"backend", backend}},
                                                      {{"path", "/_synapse/client"}, {"pathType", "Prefix"}, {"backend", backend}}}}}}}};
  auto created = world.client.create(kIngress, {{"apiVersion", "networking.k8s.io/v1"},
                                                {"kind", "Ingress"},
                                                {"metadata", {{"name", kIngress.name}, {"namespace", "matrix"}}},
                                                {"spec", {{"rules", rules}}}});
  REQUIRE_MESSAGE(created, created.error().front().message);
  return rules;
}

bool page_exists(const ApplyWorld& world, const char* kind) {
  auto got = world.client.get({kind, "matrix", "maintenance-page"});
  REQUIRE(got);
  return got->has_value();
}

// The Ingress as before maintenance mode, and no object of the page left.
void check_page_gone(const ApplyWorld& world, const nlohmann::json& rules) {
  CHECK(world.live_value(kIngress, "/spec/rules") == rules);
  CHECK(world.live_value(kIngress, "/metadata/annotations/synops.io~1backends-before-maintenance").is_null());
  for (const char* kind : {"ConfigMap", "Deployment", "Service"}) CHECK_FALSE(page_exists(world, kind));
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
  CHECK(says(applied, "[4/20] maintenance Namespace/matrix — record 8 replica(s) of Deployment/matrix/synapse-synchrotron and scale it to 0"));
  CHECK(says(applied, "[19/20] maintenance Namespace/matrix — scale StatefulSet/matrix/synapse-main back to its recorded 1 replica(s)"));
  // Main is waited for until ready before any worker is scaled back (it migrates the schema first).
  const size_t main_back = applied.err.find("scale StatefulSet/matrix/synapse-main back");
  const size_t main_waited = applied.err.find("[19/20] maintenance Namespace/matrix — wait StatefulSet/matrix/synapse-main — ");
  const size_t worker_back = applied.err.find("scale Deployment/matrix/synapse-synchrotron back to its recorded 8 replica(s)");
  CHECK(main_back < main_waited);
  CHECK_MESSAGE(main_waited < worker_back, applied.err);
  CHECK(worker_back != std::string::npos);
  const SynapseHistory history = replay_synapse_pods(world, pods);
  CHECK_MESSAGE(history.ever_none, history.trace);
  CHECK_MESSAGE(history.first_started_after_none == "synapse-main-0", history.trace);
  CHECK(synapse_replicas(world) == replicas);
  CHECK_FALSE(any_recorded_count_left(world));
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.120.0");
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
  const auto args = concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world, "300"));
  const auto failed = run_cli(args);
  CHECK_MESSAGE(failed.code == 4, failed.err);
  CHECK(says(failed, "a19 (maintenance Namespace/matrix) failed: StatefulSet matrix/synapse-main cannot roll out"));
  CHECK(says(failed, "a5 (update StatefulSet/matrix/synapse-main) did not reach its point of no return"));
  CHECK(says(failed, "undo a19 — record 1 replica(s) of StatefulSet/matrix/synapse-main and scale it to 0"));
  CHECK(says(failed, "undo a4 — scale StatefulSet/matrix/synapse-main back to its recorded 1 replica(s)"));
  CHECK(says(failed, "Rolled back"));
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
  CHECK(synapse_replicas(world) == replicas);
  CHECK_FALSE(any_recorded_count_left(world));
  CHECK(plan_keys(world.plan()) == plan_keys(before));
}

TEST_CASE("cli apply: main crash-loops on its new version when maintenance mode ends: it stays stopped at the point of no return (exit 5)") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world({"--bad-image", "v1.120.0", "--forced-rollback"});
  const fs::path manifests = manifests_in_maintenance(world, postgres);
  const auto replicas = synapse_replicas(world);
  const auto args = concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world, "300"));
  const auto stopped = run_cli(args);
  CHECK_MESSAGE(stopped.code == 5, stopped.err);
  CHECK(says(stopped, "a19 (maintenance Namespace/matrix) failed: StatefulSet matrix/synapse-main cannot roll out"));
  CHECK(says(stopped, "point of no return: a5 (update StatefulSet/matrix/synapse-main) is not undone"));
  CHECK(says(stopped, "maintenance mode stays on (a4: no Synapse process runs) while you decide"));
  for (const auto& [name, count] : synapse_replicas(world)) CHECK_MESSAGE(count == 0, name);  // entered again by the undo of a19

  const auto through = run_cli(concat({"rollback", manifests.string(), "--through-barrier"}, cluster_args(world)));
  CHECK_MESSAGE(through.code == 0, through.err);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
  CHECK(synapse_replicas(world) == replicas);
  CHECK_FALSE(any_recorded_count_left(world));
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
                                "[7/20] update Deployment/matrix/synapse-synchrotron");
    REQUIRE_MESSAGE(killed.code == -1, killed.err);
    REQUIRE(world.live_value(kMainStatefulSet, "/spec/replicas") == 0);  // killed while Synapse is stopped
    const auto finished = run_cli(concat({then, manifests.string()}, cluster_args(world)));
    CHECK_MESSAGE(finished.code == 0, finished.err);
    CHECK(synapse_replicas(world) == replicas);
    CHECK_FALSE(any_recorded_count_left(world));
    CHECK(world.live_value(kMainStatefulSet, kContainerImage) == (then == "resume" ? "matrixdotorg/synapse:v1.120.0" : "matrixdotorg/synapse:v1.119.0"));
    if (then == "resume") {
      const auto again = run_cli({"plan", manifests.string(), "--detailed-exitcode", "--kubeconfig", kubeconfig(world)});
      CHECK_MESSAGE(again.code == 0, again.err);
    }
  }
}

TEST_CASE("cli apply: maintenance page: killed behind the page, resume or rollback --through-barrier point the Ingress back and delete the page") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  for (const std::string then : {"resume", "rollback"}) {
    CAPTURE(then);
    ApplyWorld world;
    const nlohmann::json rules = create_ingress(world);
    const fs::path manifests = manifests_in_maintenance(world, postgres, "page");
    const auto killed = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)),
                                "[7/20] update Deployment/matrix/synapse-synchrotron");
    REQUIRE_MESSAGE(killed.code == -1, killed.err);
    CHECK(says(killed, "[4/20] maintenance Namespace/matrix — create Deployment/matrix/maintenance-page"));
    // Behind the page: every path goes to the page's Service, which runs and is ready.
    for (const auto& path : world.live_value(kIngress, "/spec/rules/0/http/paths"))
      CHECK(path["backend"] == nlohmann::json{{"service", {{"name", "maintenance-page"}, {"port", {{"number", 80}}}}}});
    CHECK(world.live_value({"Deployment", "matrix", "maintenance-page"}, "/status/readyReplicas") == 1);
    CHECK(world.live_value({"Service", "matrix", "maintenance-page"}, "/spec/ports/0/port") == 80);
    CHECK(world.live_value(kMainStatefulSet, "/spec/replicas") == 1);  // Synapse keeps running behind the page

    auto finished = run_cli(concat({then, manifests.string()}, cluster_args(world)));
    if (then == "rollback") {
      // Synapse ran behind the page, so main's new version started: its point of no return
      // holds, and the page stays up while the operator decides.
      CHECK_MESSAGE(finished.code == 1, finished.err);
      CHECK(says(finished, "maintenance mode stays on (a4: users see the maintenance page) while you decide"));
      CHECK(world.live_value(kIngress, "/spec/rules/0/http/paths/0/backend/service/name") == "maintenance-page");
      finished = run_cli(concat({then, manifests.string(), "--through-barrier"}, cluster_args(world)));
    }
    CHECK_MESSAGE(finished.code == 0, finished.err);
    check_page_gone(world, rules);
    CHECK(world.live_value(kMainStatefulSet, kContainerImage) == (then == "resume" ? "matrixdotorg/synapse:v1.120.0" : "matrixdotorg/synapse:v1.119.0"));
    if (then == "resume") {
      const auto again = run_cli({"plan", manifests.string(), "--detailed-exitcode", "--kubeconfig", kubeconfig(world)});
      CHECK_MESSAGE(again.code == 0, again.err);
    }
  }
}

TEST_CASE("cli apply: maintenance page: a failed upgrade behind the page is undone and the Ingress gets its backends back (exit 4)") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world({"--unpullable-image", "v1.120.0", "--forced-rollback"});
  const nlohmann::json rules = create_ingress(world);
  const fs::path manifests = manifests_in_maintenance(world, postgres, "page");
  const auto args = concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world, "300"));
  const auto failed = run_cli(args);
  CHECK_MESSAGE(failed.code == 4, failed.err);
  CHECK(says(failed, "(wait StatefulSet/matrix/synapse-main) failed: StatefulSet matrix/synapse-main cannot roll out"));
  CHECK(says(failed, "undo a4 — point Ingress/matrix/synapse-ingress back at the backends it had"));
  CHECK(says(failed, "undo a4 — delete Deployment/matrix/maintenance-page"));
  CHECK(says(failed, "Rolled back"));
  check_page_gone(world, rules);
  CHECK(world.live_value(kMainStatefulSet, kContainerImage) == "matrixdotorg/synapse:v1.119.0");
}

TEST_CASE("cli apply: maintenance page: an object of the page's name that synops did not make is neither adopted nor deleted") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const nlohmann::json rules = create_ingress(world);
  auto theirs = world.client.create({"ConfigMap", "matrix", "maintenance-page"},
                                    {{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                                     {"metadata", {{"name", "maintenance-page"}, {"namespace", "matrix"}}}, {"data", {{"index.html", "theirs"}}}});
  REQUIRE(theirs);
  const fs::path manifests = manifests_in_maintenance(world, postgres, "page");
  const auto failed = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
  CHECK_MESSAGE(failed.code == 4, failed.err);
  CHECK(says(failed, "ConfigMap matrix/maintenance-page exists and synops did not create it"));
  CHECK(world.live_value({"ConfigMap", "matrix", "maintenance-page"}, "/data/index.html") == "theirs");
  CHECK(world.live_value(kIngress, "/spec/rules") == rules);
}
