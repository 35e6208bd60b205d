// Federation senders stop and start together (§9.4): a plan that changes which senders exist
// restarts them by scaling to 0, waiting until no pod of the set is left, changing the
// template, and starting the recorded count again. Two senders with different configurations
// never run at once, during apply and during a rollback; the test replays every pod the API
// test server created or deleted (/_test/lifecycle) to show it.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <set>

#include "adapters/kubernetes/kinds.h"
#include "support/apply_fixture.h"
#include "support/cli_run.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::testing;
namespace fs = std::filesystem;

namespace {

const std::string kSenderPod = "synapse-federation-sender-";

bool holds(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The example's senders go from 4 to 2; with `same_images`, the images stay as live, so the
// senders are only restarted (no upgrade, no point of no return).
fs::path manifests_with_two_senders(const ApplyWorld& world, const ApplyPostgres& postgres, bool same_images) {
  const fs::path dir = write_manifests(world, postgres);
  replace_in(dir / "topology.yaml", "replicas: 4, federation_sender: true", "replicas: 2, federation_sender: true");
  if (same_images)
    for (int i = 0; i < 3; ++i) replace_in(dir / "values/images.yaml", "synapse:v1.120.0", "synapse:v1.119.0");
  return dir;
}

// What the sender pods' lifecycle shows: the most revisions alive at any one moment, whether
// the set was ever empty, and how many revisions ran in all.
struct SenderHistory {
  size_t most_revisions_at_once = 0;
  bool ever_none = false;
  std::set<std::string> revisions;
  std::string trace;  // for the failure message
};

SenderHistory replay_sender_pods(const ApplyWorld& world, std::map<std::string, std::string> alive) {
  SenderHistory history;
  for (const auto& [name, revision] : alive) history.revisions.insert(revision);
  const nlohmann::json events = world.server.admin("GET", "/_test/lifecycle?resource=pods")["events"];
  for (const auto& event : events) {
    const std::string name = event["name"].get<std::string>();
    if (!name.starts_with(kSenderPod)) continue;
    const std::string revision = event["labels"].value("controller-revision-hash", "");
    if (event["event"] == "ADDED") alive[name] = revision;
    else alive.erase(name);
    std::set<std::string> at_once;
    for (const auto& [pod, pod_revision] : alive) at_once.insert(pod_revision);
    history.most_revisions_at_once = std::max(history.most_revisions_at_once, at_once.size());
    history.ever_none = history.ever_none || alive.empty();
    history.revisions.insert(revision);
    history.trace += event["event"].get<std::string>() + " " + name + " " + revision + "\n";
  }
  return history;
}

// The sender pods before the run, by name, with their revision.
std::map<std::string, std::string> sender_pods_now(const ApplyWorld& world) {
  std::map<std::string, std::string> alive;
  auto pods = world.client.list(*kube::find_kind("Pod"), "matrix");
  REQUIRE(pods);
  for (const auto& pod : *pods)
    if (pod.ref.name.starts_with(kSenderPod))
      alive[pod.ref.name] = pod.body.json()["metadata"]["labels"].value("controller-revision-hash", "");
  return alive;
}

}  // namespace

TEST_CASE("cli apply: an upgrade that drops two federation senders stops every sender before the new ones start") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = manifests_with_two_senders(world, postgres, false);
  const auto shown = run_cli({"plan", manifests.string(), "--kubeconfig", kubeconfig(world)});
  CHECK(holds(shown.err, "apply scales them to 0, waits until no pod runs, then starts the same count"));
  const auto before = sender_pods_now(world);
  const auto applied = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
  CHECK_MESSAGE(applied.code == 0, applied.err);
  CHECK(holds(applied.err, "update StatefulSet/matrix/synapse-federation-sender — scale to 0: every pod stops before one of the new "
                          "ones starts"));
  CHECK(holds(applied.err, "update StatefulSet/matrix/synapse-federation-sender — no pod runs: scale back to 4"));
  const SenderHistory history = replay_sender_pods(world, before);
  CHECK_MESSAGE(history.most_revisions_at_once == 1, history.trace);
  CHECK(history.ever_none);
  CHECK(history.revisions.size() == 2);  // the old template, then the new one
  CHECK(world.live_value(kSendersStatefulSet, "/spec/replicas") == 2);
  CHECK(world.live_value(kSendersStatefulSet, "/spec/template/spec/containers/0/image") == "matrixdotorg/synapse:v1.120.0");
  const auto again = run_cli({"plan", manifests.string(), "--detailed-exitcode", "--kubeconfig", kubeconfig(world)});
  CHECK_MESSAGE(again.code == 0, again.err);  // nothing left to do
}

TEST_CASE("cli apply: a failure after the senders' stop-start restart rolls back with another stop-start, never mixing configs") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  ApplyWorld world;
  const fs::path manifests = manifests_with_two_senders(world, postgres, true);
  // The scale-down of the senders (4 to 2) is refused, after their restart finished.
  world.server.inject({{"rules", {{{"type", "status"}, {"status", 422}, {"verb", "patch"}, {"body", "\"replicas\":2"},
                                   {"path", "/apis/apps/v1/namespaces/matrix/statefulsets/synapse-federation-sender"}}}}});
  const auto before = sender_pods_now(world);
  const auto failed = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)));
  CHECK_MESSAGE(failed.code == 4, failed.err);
  CHECK(holds(failed.err, "restart StatefulSet/matrix/synapse-federation-sender — scale to 0"));
  CHECK(holds(failed.err, "undo — restart StatefulSet/matrix/synapse-federation-sender — scale to 0"));
  const SenderHistory history = replay_sender_pods(world, before);
  CHECK_MESSAGE(history.most_revisions_at_once == 1, history.trace);
  CHECK(history.revisions.size() == 3);  // before, restarted for the new config, restarted for the restored one
  CHECK(world.live_value(kSendersStatefulSet, "/spec/replicas") == 4);
  CHECK(holds(world.live_value({"ConfigMap", "matrix", "synapse-config"}, "/data/homeserver.yaml").get<std::string>(),
             "synapse-federation-sender-3"));
}

TEST_CASE("cli apply: killed while the senders are stopped, resume starts them again with the new config; rollback would too") {
  ApplyPostgres postgres;
  REQUIRE_MESSAGE(postgres.started(), postgres.log());
  for (const std::string then : {"resume", "rollback"}) {
    CAPTURE(then);
    ApplyWorld world;
    const fs::path manifests = manifests_with_two_senders(world, postgres, true);
    const auto before = sender_pods_now(world);
    // Killed at the first "stopping" line: the API test server removes one sender pod per
    // controller tick, so three ticks still separate it from the scale back (killing at "no
    // pod runs: scale back" raced the write that follows the line).
    const auto killed = run_cli(concat({"apply", manifests.string(), "--auto-approve"}, cluster_args(world)),
                                "[12/17] restart StatefulSet/matrix/synapse-federation-sender — stopping: ");
    REQUIRE_MESSAGE(killed.code == -1, killed.err);
    REQUIRE(world.live_value(kSendersStatefulSet, "/spec/replicas") == 0);  // killed while every sender is stopped
    const auto finished = run_cli(concat({then, manifests.string()}, cluster_args(world)));
    CHECK_MESSAGE(finished.code == 0, finished.err);
    const SenderHistory history = replay_sender_pods(world, before);
    CHECK_MESSAGE(history.most_revisions_at_once == 1, history.trace);
    CHECK(world.live_value(kSendersStatefulSet, "/spec/replicas") == (then == "resume" ? 2 : 4));
    if (then == "resume") {
      const auto again = run_cli({"plan", manifests.string(), "--detailed-exitcode", "--kubeconfig", kubeconfig(world)});
      CHECK_MESSAGE(again.code == 0, again.err);
    }
  }
}
