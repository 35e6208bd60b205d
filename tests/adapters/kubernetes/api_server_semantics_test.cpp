// The test API server keeps the API's semantics where clients depend on them: selectors,
// the four PATCH formats, generation and resourceVersion rules, the status subresource,
// creation conflicts and Status bodies. Raw HTTP, so the client's own logic is not in the way.
#include <doctest/doctest.h>

#include "support/api_server.h"
#include "support/example_objects.h"
#include "support/raw_request.h"

using namespace synops;
using namespace synops::kube;
using namespace synops::testing;

namespace {

const std::string kTenant = "/apis/minio.min.io/v2/namespaces/minio-tenant/tenants/synapse-storage";

std::vector<std::string> pod_names(const TestApiServer& server, const std::string& selector) {
  std::vector<std::string> names;
  const RawReply listed = send_once(server, "GET", kPodsPath + "?labelSelector=" + selector);  // kept alive for the loop (GCC 12 ends temporaries early)
  for (const auto& item : listed.body["items"]) names.push_back(item["metadata"]["name"]);
  return names;
}

}  // namespace

TEST_CASE("server: label selectors with =, !=, in, notin, exists and !exists; field selectors") {
  TestApiServer server({"--seed", example_snapshot().string()});
  using Names = std::vector<std::string>;
  CHECK(pod_names(server, "app.kubernetes.io%2Fcomponent%3Dmain") == Names{"synapse-main-0"});
  CHECK(pod_names(server, "app.kubernetes.io%2Fcomponent!%3Dmain") == Names{"synapse-event-persister-0", "synapse-event-persister-1"});
  CHECK(pod_names(server, "apps.kubernetes.io%2Fpod-index%20in%20(1%2C2)") == Names{"synapse-event-persister-1"});
  CHECK(pod_names(server, "apps.kubernetes.io%2Fpod-index%20notin%20(0)") == Names{"synapse-event-persister-1"});
  CHECK(pod_names(server, "statefulset.kubernetes.io%2Fpod-name").size() == 3);
  CHECK(pod_names(server, "!statefulset.kubernetes.io%2Fpod-name").empty());
  const auto by_name = send_once(server, "GET", kPodsPath + "?fieldSelector=metadata.name%3Dsynapse-main-0");
  CHECK(by_name.body["items"].size() == 1);
  const auto bad = send_once(server, "GET", kPodsPath + "?fieldSelector=spec.nodeName%3Dx");
  CHECK(bad.status == 400);
}

TEST_CASE("server: LIST items of built-in kinds carry no kind or apiVersion; custom resources do") {
  TestApiServer server({"--seed", example_snapshot().string()});
  const auto pods = send_once(server, "GET", kPodsPath + "?limit=1");
  CHECK(pods.body["kind"] == "PodList");
  CHECK_FALSE(pods.body["items"][0].contains("kind"));
  CHECK(pods.body["metadata"]["remainingItemCount"] == 2);
  CHECK(pods.body["metadata"].contains("continue"));
  const auto tenants = send_once(server, "GET", "/apis/minio.min.io/v2/tenants");
  CHECK(tenants.body["items"][0]["kind"] == "Tenant");
}

TEST_CASE("server: Status bodies for 401, 404, 400 and 415") {
  TestApiServer server({"--seed", example_snapshot().string()});
  const auto missing = send_once(server, "GET", "/api/v1/namespaces/matrix/configmaps/nope");
  CHECK(missing.status == 404);
  CHECK(missing.body["message"] == "configmaps \"nope\" not found");
  const auto junk = send_once(server, "PATCH", kMainStatefulSetPath, "application/merge-patch+json", "{not json");
  CHECK(junk.status == 400);
  CHECK(junk.body["reason"] == "BadRequest");
  const auto strategic = send_once(server, "PATCH", kTenant, "application/strategic-merge-patch+json", R"({"spec":{"image":"x"}})");
  CHECK(strategic.status == 415);
  CHECK(strategic.body["message"].get<std::string>().starts_with("the body of the request was in an unknown format"));
  ClusterConfig anonymous = server.token_config();
  anonymous.token = "not-a-token";
  auto http = HttpClient::create(anonymous, fast_retries());
  auto refused = (*http)->send({"GET", kMainStatefulSetPath});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().status == 401);
  CHECK(refused.error().reason == "Unauthorized");
}

TEST_CASE("server: strategic merge patch merges containers by name; JSON patch applies operations") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  const auto patched = send_once(server, "PATCH", kMainStatefulSetPath, "application/strategic-merge-patch+json",
                            R"({"spec":{"template":{"spec":{"containers":[{"name":"synapse","image":"matrixdotorg/synapse:v1.121.0"}]}}}})");
  REQUIRE(patched.status == 200);
  const auto& container = patched.body["spec"]["template"]["spec"]["containers"][0];
  CHECK(container["image"] == "matrixdotorg/synapse:v1.121.0");
  CHECK(container.contains("volumeMounts"));  // merged into the existing container, not replacing it
  const auto json_patch = send_once(server, "PATCH", kMainStatefulSetPath, "application/json-patch+json", R"([{"op":"replace","path":"/spec/replicas","value":2}])");
  REQUIRE(json_patch.status == 200);
  CHECK(json_patch.body["spec"]["replicas"] == 2);
}

TEST_CASE("server: generation moves with the spec only; a no-op keeps the resourceVersion; status is a subresource") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  const auto labelled = send_once(server, "PATCH", kMainStatefulSetPath, "application/merge-patch+json", R"({"metadata":{"labels":{"x":"y"}}})");
  CHECK(labelled.body["metadata"]["generation"] == 14);
  const std::string version = labelled.body["metadata"]["resourceVersion"];
  const auto again = send_once(server, "PATCH", kMainStatefulSetPath, "application/merge-patch+json", R"({"metadata":{"labels":{"x":"y"}}})");
  CHECK(again.body["metadata"]["resourceVersion"] == version);
  const auto sneaky = send_once(server, "PATCH", kMainStatefulSetPath, "application/merge-patch+json", R"({"status":{"readyReplicas":0}})");
  CHECK(sneaky.body["status"]["readyReplicas"] == 1);  // the main resource does not write status
  const auto status = send_once(server, "PATCH", kMainStatefulSetPath + "/status", "application/merge-patch+json", R"({"status":{"readyReplicas":0}})");
  CHECK(status.body["status"]["readyReplicas"] == 0);
  CHECK(status.body["metadata"]["generation"] == 14);
}

TEST_CASE("server: server-side apply creates and updates, and needs a fieldManager; POST conflicts with an existing object") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  const std::string lease = "/apis/coordination.k8s.io/v1/namespaces/matrix/leases/synops-lock";
  const std::string body = "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: synops-lock\nspec:\n  holderIdentity: a\n  leaseDurationSeconds: 60\n";
  CHECK(send_once(server, "PATCH", lease, "application/apply-patch+yaml", body).status == 400);
  const auto created = send_once(server, "PATCH", lease + "?fieldManager=synops", "application/apply-patch+yaml", body);
  REQUIRE(created.status == 201);
  CHECK(created.body["spec"]["leaseDurationSeconds"] == 60);
  CHECK(created.body["metadata"]["generation"] == 1);
  const auto updated = send_once(server, "PATCH", lease + "?fieldManager=synops&force=true", "application/apply-patch+yaml",
                            R"({"spec":{"holderIdentity":"b"}})");
  CHECK(updated.body["spec"]["holderIdentity"] == "b");
  CHECK(updated.body["spec"]["leaseDurationSeconds"] == 60);
  const auto duplicate = send_once(server, "POST", "/apis/coordination.k8s.io/v1/namespaces/matrix/leases", "application/json",
                              R"({"metadata":{"name":"synops-lock"}})");
  CHECK(duplicate.status == 409);
  CHECK(duplicate.body["reason"] == "AlreadyExists");
  const auto stale = send_once(server, "PUT", lease, "application/json",
                          R"({"metadata":{"name":"synops-lock","resourceVersion":"1"},"spec":{"holderIdentity":"c"}})");
  CHECK(stale.status == 409);
  CHECK(stale.body["reason"] == "Conflict");
}

TEST_CASE("server: /_test/tick steps the controllers when the timer is off") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  send_once(server, "PATCH", kMainStatefulSetPath, "application/merge-patch+json", R"({"spec":{"template":{"metadata":{"labels":{"rev":"2"}}}}})");
  CHECK(send_once(server, "GET", kMainStatefulSetPath).body["status"]["observedGeneration"] == 14);
  server.admin("POST", "/_test/tick?n=10");
  const auto status = send_once(server, "GET", kMainStatefulSetPath).body["status"];
  CHECK(status["observedGeneration"] == 15);
  CHECK(status["currentRevision"] == status["updateRevision"]);
  CHECK(status["updateRevision"] != "synapse-main-6c4d9b7f58");
}
