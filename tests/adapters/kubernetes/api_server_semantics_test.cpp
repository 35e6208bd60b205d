// The test API server keeps the API's semantics where clients depend on them: selectors,
// the four PATCH formats, generation and resourceVersion rules, the status subresource,
// creation conflicts and Status bodies. Raw HTTP, so the client's own logic is not in the way.
#include <doctest/doctest.h>

#include "support/api_server.h"

using namespace synops;
using namespace synops::kube;
using namespace synops::testing;

namespace {

const std::string kPods = "/api/v1/namespaces/matrix/pods";
const std::string kMain = "/apis/apps/v1/namespaces/matrix/statefulsets/synapse-main";
const std::string kTenant = "/apis/minio.min.io/v2/namespaces/minio-tenant/tenants/synapse-storage";

struct Raw {
  long status;
  nlohmann::json body;
};

// One request, no retries; failures come back as the Status body the server sent.
Raw call(const TestApiServer& server, const std::string& method, const std::string& target, const std::string& type = "",
         const std::string& body = "") {
  HttpOptions once;
  once.retry.max_attempts = 1;
  once.retry.total = std::chrono::milliseconds(0);  // nor after a failure without an answer
  auto http = HttpClient::create(server.token_config(), once);
  REQUIRE(http);
  auto response = (*http)->send(HttpRequest{method, target, type, body});
  if (response) return {response->status, nlohmann::json::parse(response->body)};
  return {response.error().status, {{"reason", response.error().reason}, {"message", response.error().message}}};
}

std::vector<std::string> pod_names(const TestApiServer& server, const std::string& selector) {
  std::vector<std::string> names;
  const Raw listed = call(server, "GET", kPods + "?labelSelector=" + selector);  // kept alive for the loop (GCC 12 ends temporaries early)
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
  const auto by_name = call(server, "GET", kPods + "?fieldSelector=metadata.name%3Dsynapse-main-0");
  CHECK(by_name.body["items"].size() == 1);
  const auto bad = call(server, "GET", kPods + "?fieldSelector=spec.nodeName%3Dx");
  CHECK(bad.status == 400);
}

TEST_CASE("server: LIST items of built-in kinds carry no kind or apiVersion; custom resources do") {
  TestApiServer server({"--seed", example_snapshot().string()});
  const auto pods = call(server, "GET", kPods + "?limit=1");
  CHECK(pods.body["kind"] == "PodList");
  CHECK_FALSE(pods.body["items"][0].contains("kind"));
  CHECK(pods.body["metadata"]["remainingItemCount"] == 2);
  CHECK(pods.body["metadata"].contains("continue"));
  const auto tenants = call(server, "GET", "/apis/minio.min.io/v2/tenants");
  CHECK(tenants.body["items"][0]["kind"] == "Tenant");
}

TEST_CASE("server: Status bodies for 401, 404, 400 and 415") {
  TestApiServer server({"--seed", example_snapshot().string()});
  const auto missing = call(server, "GET", "/api/v1/namespaces/matrix/configmaps/nope");
  CHECK(missing.status == 404);
  CHECK(missing.body["message"] == "configmaps \"nope\" not found");
  const auto junk = call(server, "PATCH", kMain, "application/merge-patch+json", "{not json");
  CHECK(junk.status == 400);
  CHECK(junk.body["reason"] == "BadRequest");
  const auto strategic = call(server, "PATCH", kTenant, "application/strategic-merge-patch+json", R"({"spec":{"image":"x"}})");
  CHECK(strategic.status == 415);
  CHECK(strategic.body["message"].get<std::string>().starts_with("the body of the request was in an unknown format"));
  ClusterConfig anonymous = server.token_config();
  anonymous.token = "not-a-token";
  auto http = HttpClient::create(anonymous, fast_retries());
  auto refused = (*http)->send({"GET", kMain});
  REQUIRE_FALSE(refused);
  CHECK(refused.error().status == 401);
  CHECK(refused.error().reason == "Unauthorized");
}

TEST_CASE("server: strategic merge patch merges containers by name; JSON patch applies operations") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  const auto patched = call(server, "PATCH", kMain, "application/strategic-merge-patch+json",
                            R"({"spec":{"template":{"spec":{"containers":[{"name":"synapse","image":"matrixdotorg/synapse:v1.121.0"}]}}}})");
  REQUIRE(patched.status == 200);
  const auto& container = patched.body["spec"]["template"]["spec"]["containers"][0];
  CHECK(container["image"] == "matrixdotorg/synapse:v1.121.0");
  CHECK(container.contains("volumeMounts"));  // merged into the existing container, not replacing it
  const auto json_patch = call(server, "PATCH", kMain, "application/json-patch+json", R"([{"op":"replace","path":"/spec/replicas","value":2}])");
  REQUIRE(json_patch.status == 200);
  CHECK(json_patch.body["spec"]["replicas"] == 2);
}

TEST_CASE("server: generation moves with the spec only; a no-op keeps the resourceVersion; status is a subresource") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  const auto labelled = call(server, "PATCH", kMain, "application/merge-patch+json", R"({"metadata":{"labels":{"x":"y"}}})");
  CHECK(labelled.body["metadata"]["generation"] == 14);
  const std::string version = labelled.body["metadata"]["resourceVersion"];
  const auto again = call(server, "PATCH", kMain, "application/merge-patch+json", R"({"metadata":{"labels":{"x":"y"}}})");
  CHECK(again.body["metadata"]["resourceVersion"] == version);
  const auto sneaky = call(server, "PATCH", kMain, "application/merge-patch+json", R"({"status":{"readyReplicas":0}})");
  CHECK(sneaky.body["status"]["readyReplicas"] == 1);  // the main resource does not write status
  const auto status = call(server, "PATCH", kMain + "/status", "application/merge-patch+json", R"({"status":{"readyReplicas":0}})");
  CHECK(status.body["status"]["readyReplicas"] == 0);
  CHECK(status.body["metadata"]["generation"] == 14);
}

TEST_CASE("server: server-side apply creates and updates, and needs a fieldManager; POST conflicts with an existing object") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  const std::string lease = "/apis/coordination.k8s.io/v1/namespaces/matrix/leases/synops-lock";
  const std::string body = "apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata:\n  name: synops-lock\nspec:\n  holderIdentity: a\n  leaseDurationSeconds: 60\n";
  CHECK(call(server, "PATCH", lease, "application/apply-patch+yaml", body).status == 400);
  const auto created = call(server, "PATCH", lease + "?fieldManager=synops", "application/apply-patch+yaml", body);
  REQUIRE(created.status == 201);
  CHECK(created.body["spec"]["leaseDurationSeconds"] == 60);
  CHECK(created.body["metadata"]["generation"] == 1);
  const auto updated = call(server, "PATCH", lease + "?fieldManager=synops&force=true", "application/apply-patch+yaml",
                            R"({"spec":{"holderIdentity":"b"}})");
  CHECK(updated.body["spec"]["holderIdentity"] == "b");
  CHECK(updated.body["spec"]["leaseDurationSeconds"] == 60);
  const auto duplicate = call(server, "POST", "/apis/coordination.k8s.io/v1/namespaces/matrix/leases", "application/json",
                              R"({"metadata":{"name":"synops-lock"}})");
  CHECK(duplicate.status == 409);
  CHECK(duplicate.body["reason"] == "AlreadyExists");
  const auto stale = call(server, "PUT", lease, "application/json",
                          R"({"metadata":{"name":"synops-lock","resourceVersion":"1"},"spec":{"holderIdentity":"c"}})");
  CHECK(stale.status == 409);
  CHECK(stale.body["reason"] == "Conflict");
}

TEST_CASE("server: /_test/tick steps the controllers when the timer is off") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  call(server, "PATCH", kMain, "application/merge-patch+json", R"({"spec":{"template":{"metadata":{"labels":{"rev":"2"}}}}})");
  CHECK(call(server, "GET", kMain).body["status"]["observedGeneration"] == 14);
  server.admin("POST", "/_test/tick?n=10");
  const auto status = call(server, "GET", kMain).body["status"];
  CHECK(status["observedGeneration"] == 15);
  CHECK(status["currentRevision"] == status["updateRevision"]);
  CHECK(status["updateRevision"] != "synapse-main-6c4d9b7f58");
}
