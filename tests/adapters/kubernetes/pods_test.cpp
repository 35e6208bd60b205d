// The test API server's pods: the workload controllers keep Pods for what they roll out,
// shaped as the kubelet reports them (healthy, crash-looping, never pulled), a StatefulSet
// stays stuck on a broken pod after its template is restored until the pod is deleted
// (OrderedReady's "forced rollback"), and the pod proxy answers Synapse's version. RawReply HTTP
// and /_test/tick, so every step is deterministic.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "support/api_server.h"
#include "support/kubectl.h"
#include "support/raw_request.h"
#include "support/skip.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::kube;
using namespace synops::testing;
using nlohmann::json;

namespace {

const std::string kPersister = "/apis/apps/v1/namespaces/matrix/statefulsets/synapse-event-persister";
const std::string kSynchrotron = "/apis/apps/v1/namespaces/matrix/deployments/synapse-synchrotron";
const std::string kVersionPath = "/proxy/_matrix/federation/v1/version";

// Strategic merge, as kubectl: containers merge by name, so restoring an image restores the template.
RawReply send_strategic(const TestApiServer& server, const std::string& method, const std::string& target, const std::string& body = "") {
  return send_once(server, method, target, body.empty() ? "" : "application/strategic-merge-patch+json", body);
}

json image_patch(const std::string& container, const std::string& image) {
  return {{"spec", {{"template", {{"spec", {{"containers", {{{"name", container}, {"image", image}}}}}}}}}}};
}

void tick(const TestApiServer& server, int n = 1) { server.admin("POST", "/_test/tick?n=" + std::to_string(n)); }

// The pod, or an empty one while it is gone (between its deletion and its replacement).
json pod(const TestApiServer& server, const std::string& name) {
  const json body = send_strategic(server, "GET", kPodsPath + "/" + name).body;
  return body.value("kind", "") == "Pod" ? body : json{{"spec", {{"containers", {{{"image", ""}}}}}}};
}

std::vector<json> pods_of(const TestApiServer& server, const std::string& component) {
  const RawReply listed = send_strategic(server, "GET", kPodsPath + "?labelSelector=app.kubernetes.io%2Fcomponent%3D" + component);
  return std::vector<json>(listed.body["items"].begin(), listed.body["items"].end());
}

std::string condition(const json& object, const std::string& type) {
  for (const auto& entry : object["status"]["conditions"])
    if (entry["type"] == type) return entry["status"];
  return "";
}

}  // namespace

TEST_CASE("pods: a rolled StatefulSet keeps pods NAME-0..N-1 with its revision label and owner; scaling to 0 removes them") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  CHECK(pods_of(server, "federation-sender").empty());  // seeded at rest: no pods made up
  REQUIRE(send_strategic(server, "PATCH", kPersister, image_patch("synapse", "matrixdotorg/synapse:v1.120.0").dump()).status == 200);
  tick(server, 20);
  const json set = send_strategic(server, "GET", kPersister).body;
  CHECK(set["status"]["currentRevision"] == set["status"]["updateRevision"]);
  CHECK(set["status"]["readyReplicas"] == 2);
  const auto pods = pods_of(server, "event-persister");
  REQUIRE(pods.size() == 2);
  for (size_t i = 0; i < pods.size(); ++i) {
    const json& one = pods[i];
    CAPTURE(one.dump());
    CHECK(one["metadata"]["name"] == "synapse-event-persister-" + std::to_string(i));
    CHECK(one["metadata"]["labels"]["controller-revision-hash"] == set["status"]["updateRevision"]);
    CHECK(one["metadata"]["labels"]["app.kubernetes.io/name"] == "synapse");
    const json& owner = one["metadata"]["ownerReferences"][0];
    CHECK(owner["kind"] == "StatefulSet");
    CHECK(owner["name"] == "synapse-event-persister");
    CHECK(owner["uid"] == set["metadata"]["uid"]);
    CHECK(owner["controller"] == true);
    CHECK(one["spec"]["containers"][0]["image"] == "matrixdotorg/synapse:v1.120.0");
    CHECK(one["status"]["phase"] == "Running");
    CHECK(condition(one, "Ready") == "True");
    const json& container = one["status"]["containerStatuses"][0];
    CHECK(container["name"] == "synapse");
    CHECK(container["image"] == "docker.io/matrixdotorg/synapse:v1.120.0");
    CHECK(container["imageID"].get<std::string>().starts_with("docker.io/matrixdotorg/synapse@sha256:"));
    CHECK(container["ready"] == true);
    CHECK(container["started"] == true);
    CHECK(container["restartCount"] == 0);
    CHECK(container["state"]["running"].contains("startedAt"));
  }
  // At rest, a tick rewrites nothing.
  const std::string version = pod(server, "synapse-event-persister-0")["metadata"]["resourceVersion"];
  tick(server, 3);
  CHECK(pod(server, "synapse-event-persister-0")["metadata"]["resourceVersion"] == version);
  REQUIRE(send_strategic(server, "PATCH", kPersister, R"({"spec":{"replicas":0}})").status == 200);
  tick(server, 5);
  CHECK(pods_of(server, "event-persister").empty());
  CHECK(send_strategic(server, "GET", kPersister).body["status"]["replicas"] == 0);
}

TEST_CASE("pods: a rolled Deployment's pods are NAME-<pod-template-hash>-<5>, owned by their ReplicaSet") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  REQUIRE(send_strategic(server, "PATCH", kSynchrotron, image_patch("synapse", "matrixdotorg/synapse:v1.120.0").dump()).status == 200);
  tick(server);
  std::set<std::string> hashes;  // the old pods (made up as they ran) and the first new ones
  for (const auto& one : pods_of(server, "synchrotron")) hashes.insert(one["metadata"]["labels"]["pod-template-hash"].get<std::string>());
  CHECK(hashes.size() == 2);
  tick(server, 20);
  const json deployment = send_strategic(server, "GET", kSynchrotron).body;
  CHECK(deployment["status"]["updatedReplicas"] == 8);
  CHECK(deployment["status"]["availableReplicas"] == 8);
  const auto pods = pods_of(server, "synchrotron");
  REQUIRE(pods.size() == 8);
  const std::string hash = pods[0]["metadata"]["labels"]["pod-template-hash"];
  for (const auto& one : pods) {
    const std::string name = one["metadata"]["name"];
    CHECK(name.starts_with("synapse-synchrotron-" + hash + "-"));
    CHECK(name.size() == std::string("synapse-synchrotron-" + hash + "-").size() + 5);
    CHECK(one["metadata"]["labels"]["pod-template-hash"] == hash);
    CHECK(one["metadata"]["ownerReferences"][0]["kind"] == "ReplicaSet");
    CHECK(one["metadata"]["ownerReferences"][0]["name"] == "synapse-synchrotron-" + hash);
    CHECK(one["spec"]["containers"][0]["image"] == "matrixdotorg/synapse:v1.120.0");
    CHECK(condition(one, "Ready") == "True");
  }
  bool named = false;
  for (const auto& entry : deployment["status"]["conditions"])
    named = named || entry["message"] == "ReplicaSet \"synapse-synchrotron-" + hash + "\" has successfully progressed.";
  CHECK(named);
}

TEST_CASE("pods: a crash-looping image (--bad-image) restarts in CrashLoopBackOff with lastState.terminated, never ready") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  REQUIRE(send_strategic(server, "PATCH", kMainStatefulSetPath, image_patch("synapse", "matrixdotorg/synapse:broken").dump()).status == 200);
  bool backing_off = false, ran = false;
  long restarts = 0;
  for (int i = 0; i < 12; ++i) {
    tick(server);
    const json now = pod(server, "synapse-main-0");
    if (!now["spec"]["containers"][0]["image"].get<std::string>().ends_with(":broken")) continue;  // the old pod
    const json& container = now["status"]["containerStatuses"][0];
    CHECK(container["ready"] == false);
    CHECK(condition(now, "Ready") == "False");
    CHECK(container["restartCount"].get<long>() >= restarts);
    restarts = container["restartCount"];
    ran = ran || container["state"].contains("running");
    if (container["state"].contains("waiting") && container["state"]["waiting"]["reason"] == "CrashLoopBackOff") {
      backing_off = true;
      CHECK(now["status"]["phase"] == "Running");
      CHECK(container["started"] == false);
      CHECK(container["lastState"]["terminated"]["exitCode"] == 1);
      CHECK(container["lastState"]["terminated"]["reason"] == "Error");
      CHECK(container["state"]["waiting"]["message"].get<std::string>().starts_with("back-off 10s restarting failed container=synapse"));
    }
  }
  CHECK(backing_off);
  CHECK(ran);  // it did start: crash-looping counts as having run
  CHECK(restarts >= 3);
  const json set = send_strategic(server, "GET", kMainStatefulSetPath).body;
  CHECK(set["status"]["readyReplicas"] == 0);
  CHECK(set["status"]["currentRevision"] != set["status"]["updateRevision"]);
}

TEST_CASE("pods: an unpullable image (--unpullable-image) waits in ErrImagePull and ImagePullBackOff, never started") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0", "--unpullable-image", "v9.9.9"});
  REQUIRE(send_strategic(server, "PATCH", kMainStatefulSetPath, image_patch("synapse", "matrixdotorg/synapse:v9.9.9").dump()).status == 200);
  std::set<std::string> reasons;
  for (int i = 0; i < 8; ++i) {
    tick(server);
    const json now = pod(server, "synapse-main-0");
    if (now["spec"]["containers"][0]["image"] != "matrixdotorg/synapse:v9.9.9") continue;
    const json& container = now["status"]["containerStatuses"][0];
    CHECK(container["restartCount"] == 0);
    CHECK(container["started"] == false);
    CHECK(container["ready"] == false);
    CHECK(container["imageID"] == "");
    CHECK_FALSE(container["state"].contains("running"));
    CHECK(container["lastState"] == json::object());
    CHECK(now["status"]["phase"] == "Pending");
    reasons.insert(container["state"]["waiting"]["reason"].get<std::string>());
  }
  CHECK(reasons == std::set<std::string>{"ContainerCreating", "ErrImagePull", "ImagePullBackOff"});
  CHECK(send_strategic(server, "GET", kMainStatefulSetPath).body["status"]["readyReplicas"] == 0);
}

TEST_CASE("pods: --forced-rollback: a StatefulSet rolled to a bad image and back stays stuck until the broken pod is deleted") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0", "--forced-rollback"});
  const std::string seeded_revision = send_strategic(server, "GET", kMainStatefulSetPath).body["status"]["currentRevision"];
  REQUIRE(send_strategic(server, "PATCH", kMainStatefulSetPath, image_patch("synapse", "matrixdotorg/synapse:broken").dump()).status == 200);
  tick(server, 6);
  REQUIRE(send_strategic(server, "PATCH", kMainStatefulSetPath, image_patch("synapse", "matrixdotorg/synapse:v1.119.0").dump()).status == 200);
  tick(server, 10);
  json set = send_strategic(server, "GET", kMainStatefulSetPath).body;
  CHECK(set["status"]["updateRevision"] == seeded_revision);  // the old template, the old revision
  CHECK(set["status"]["readyReplicas"] == 0);
  json stuck = pod(server, "synapse-main-0");
  CHECK(stuck["spec"]["containers"][0]["image"] == "matrixdotorg/synapse:broken");  // not replaced
  CHECK(stuck["metadata"]["labels"]["controller-revision-hash"] != seeded_revision);
  const RawReply deleted = send_strategic(server, "DELETE", kPodsPath + "/synapse-main-0");
  CHECK(deleted.status == 200);
  CHECK(deleted.body["kind"] == "Pod");
  CHECK(deleted.body["metadata"].contains("deletionTimestamp"));
  CHECK(send_strategic(server, "DELETE", kPodsPath + "/synapse-main-0").status == 404);
  tick(server, 4);
  const json recreated = pod(server, "synapse-main-0");
  CHECK(recreated["spec"]["containers"][0]["image"] == "matrixdotorg/synapse:v1.119.0");
  CHECK(recreated["metadata"]["labels"]["controller-revision-hash"] == seeded_revision);
  CHECK(condition(recreated, "Ready") == "True");
  set = send_strategic(server, "GET", kMainStatefulSetPath).body;
  CHECK(set["status"]["currentRevision"] == seeded_revision);
  CHECK(set["status"]["updateRevision"] == seeded_revision);
  CHECK(set["status"]["readyReplicas"] == 1);
  CHECK(set["status"]["updatedReplicas"] == 1);
}

TEST_CASE("pods: without --forced-rollback the broken pod is replaced when the template is restored") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  REQUIRE(send_strategic(server, "PATCH", kMainStatefulSetPath, image_patch("synapse", "matrixdotorg/synapse:broken").dump()).status == 200);
  tick(server, 6);
  REQUIRE(send_strategic(server, "PATCH", kMainStatefulSetPath, image_patch("synapse", "matrixdotorg/synapse:v1.119.0").dump()).status == 200);
  tick(server, 6);
  const json set = send_strategic(server, "GET", kMainStatefulSetPath).body;
  CHECK(set["status"]["readyReplicas"] == 1);
  CHECK(set["status"]["currentRevision"] == set["status"]["updateRevision"]);
}

TEST_CASE("pods: the proxy answers Synapse's version from the image tag, /health, and 404, 503 or 400 when it cannot") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  // The seeded pod runs matrixdotorg/synapse:v1.119.0.
  const RawReply version = send_strategic(server, "GET", kPodsPath + "/synapse-main-0:8008" + kVersionPath);
  CHECK(version.status == 200);
  CHECK(version.body == json{{"server", {{"name", "Synapse"}, {"version", "1.119.0"}}}});
  CHECK(send_strategic(server, "GET", kPodsPath + "/synapse-main-0" + kVersionPath).body["server"]["version"] == "1.119.0");  // the first port
  const RawReply health = send_strategic(server, "GET", kPodsPath + "/synapse-main-0:8008/proxy/health");
  CHECK(health.status == 200);
  CHECK(health.text == "OK");
  CHECK(send_strategic(server, "GET", kPodsPath + "/synapse-main-0:8008/proxy/_matrix/nothing").status == 404);
  const RawReply unknown = send_strategic(server, "GET", kPodsPath + "/nope:8008" + kVersionPath);
  CHECK(unknown.status == 404);
  CHECK(unknown.body["message"] == "pods \"nope\" not found");
  const RawReply closed = send_strategic(server, "GET", kPodsPath + "/synapse-main-0:1234" + kVersionPath);
  CHECK(closed.status == 503);
  // A rolled pod reports its own image's tag (ghcr.io, v stripped).
  REQUIRE(send_strategic(server, "PATCH", kMainStatefulSetPath, image_patch("synapse", "ghcr.io/element-hq/synapse:v1.120.0").dump()).status == 200);
  tick(server, 6);
  CHECK(send_strategic(server, "GET", kPodsPath + "/synapse-main-0:8008" + kVersionPath).body["server"]["version"] == "1.120.0");
  // A fault: the next answer reports another version.
  server.inject({{"rules", {{{"type", "version"}, {"version", "1.118.0"}, {"path", kPodsPath + "/synapse-main-0"}}}}});
  CHECK(send_strategic(server, "GET", kPodsPath + "/synapse-main-0" + kVersionPath).body["server"]["version"] == "1.118.0");
  CHECK(send_strategic(server, "GET", kPodsPath + "/synapse-main-0" + kVersionPath).body["server"]["version"] == "1.120.0");
  // A crash-looping pod cannot be reached.
  REQUIRE(send_strategic(server, "PATCH", kMainStatefulSetPath, image_patch("synapse", "ghcr.io/element-hq/synapse:broken").dump()).status == 200);
  tick(server, 6);
  const RawReply broken = send_strategic(server, "GET", kPodsPath + "/synapse-main-0:8008" + kVersionPath);
  CHECK(broken.status == 503);
  CHECK(broken.body["reason"] == "ServiceUnavailable");
  CHECK(broken.body["message"].get<std::string>().starts_with("error trying to reach service: dial tcp 10.244."));
}

TEST_CASE("pods: --reported-version makes pods of an image report another version; the proxy needs credentials") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0", "--reported-version", "synapse:v1.119.0=1.200.0"});
  CHECK(send_strategic(server, "GET", kPodsPath + "/synapse-main-0:8008" + kVersionPath).body["server"]["version"] == "1.200.0");
  ClusterConfig anonymous = server.token_config();
  anonymous.token = "not-a-token";
  auto http = HttpClient::create(anonymous, fast_retries());
  auto refused = (*http)->send({"GET", kPodsPath + "/synapse-main-0:8008" + kVersionPath});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().status == 401);
}

TEST_SUITE("needs kubectl") {
TEST_CASE("kubectl: get pods, delete pod and the pod proxy (get --raw) against the test server") {
  if (std::system("command -v kubectl > /dev/null 2>&1") != 0) skip_test("no kubectl on PATH (Debian: apt-get install kubernetes-client)");
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0", "--forced-rollback"});
  REQUIRE(run_kubectl(server, "set image statefulset/synapse-main synapse=matrixdotorg/synapse:broken").status == 0);
  tick(server, 6);
  REQUIRE(run_kubectl(server, "set image statefulset/synapse-main synapse=matrixdotorg/synapse:v1.119.0").status == 0);
  tick(server, 4);
  const auto [listed, pods] = run_kubectl(server, "get pods -l app.kubernetes.io/component=main -o json");
  REQUIRE_MESSAGE(listed == 0, pods);
  const json items = json::parse(pods)["items"];
  REQUIRE(items.size() == 1);
  CHECK(items[0]["status"]["containerStatuses"][0]["image"] == "docker.io/matrixdotorg/synapse:broken");  // stuck
  const auto [deleted, said] = run_kubectl(server, "delete pod synapse-main-0");
  CHECK_MESSAGE(deleted == 0, said);
  CHECK(said.find("pod \"synapse-main-0\" deleted") != std::string::npos);
  tick(server, 4);
  const auto [proxied, version] = run_kubectl(server, "get --raw /api/v1/namespaces/matrix/pods/synapse-main-0:8008/proxy/_matrix/federation/v1/version");
  CHECK_MESSAGE(proxied == 0, version);
  CHECK(json::parse(version) == json{{"server", {{"name", "Synapse"}, {"version", "1.119.0"}}}});
}
}
