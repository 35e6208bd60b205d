// LIST paging, GET, the guarded merge patch and rollout restart against the test API server.
#include <doctest/doctest.h>

#include "support/api_server.h"
#include "adapters/kubernetes/rfc3339.h"
#include "support/example_objects.h"

using namespace synops;
using namespace synops::kube;
using namespace synops::testing;

namespace {


std::vector<std::string> names(const std::vector<LiveObject>& objects) {
  std::vector<std::string> found;
  for (const auto& object : objects) found.push_back(object.ref.name);
  return found;
}

}  // namespace

TEST_CASE("list: follows continue tokens page by page and fills in kind and apiVersion") {
  TestApiServer server(example_seed());
  auto client = server.client({2});
  auto listed = client.list(*find_kind("StatefulSet"), "matrix");
  REQUIRE(listed);
  CHECK(names(*listed) == std::vector<std::string>{"synapse-event-persister", "synapse-federation-sender", "synapse-li",
                                                   "synapse-main", "synapse-media-repository"});
  CHECK(server.count("LIST " + kStatefulSetsPath) == 3);
  for (const auto& object : *listed) {
    CHECK(object.body["kind"] == "StatefulSet");
    CHECK(object.body["apiVersion"] == "apps/v1");
    CHECK(object.api_version == "apps/v1");
    CHECK_FALSE(object.resource_version.empty());
  }
}

TEST_CASE("list: label selectors, all namespaces, and an empty namespace") {
  TestApiServer server(example_seed());
  auto client = server.client();
  auto helm = client.list(*find_kind("Secret"), "matrix", "owner=helm,name=redis-synapse");
  REQUIRE(helm);
  CHECK(names(*helm) == std::vector<std::string>{"sh.helm.release.v1.redis-synapse.v1", "sh.helm.release.v1.redis-synapse.v2"});
  auto everywhere = client.list(*find_kind("Tenant"), "");
  REQUIRE(everywhere);
  REQUIRE(everywhere->size() == 1);
  CHECK(everywhere->front().ref.ns == "minio-tenant");
  auto none = client.list(*find_kind("HorizontalPodAutoscaler"), "matrix");
  REQUIRE(none);
  CHECK(none->empty());
}

TEST_CASE("list: an expired continue token (410) restarts the list once") {
  TestApiServer server(example_seed());
  auto client = server.client({2});
  server.inject({{"rules", {{{"type", "gone"}}}}});
  auto listed = client.list(*find_kind("StatefulSet"), "matrix");
  REQUIRE(listed);
  CHECK(listed->size() == 5);  // no page twice
  CHECK(server.count("LIST " + kStatefulSetsPath) == 5);  // page 1, 410, then pages 1-3

  server.inject({{"rules", {{{"type", "gone"}, {"count", 2}}}}});
  auto twice = client.list(*find_kind("StatefulSet"), "matrix");
  REQUIRE_FALSE(twice);
  CHECK(twice.error().front().message.find("cannot list statefulsets.apps/v1 in namespace matrix: The provided continue parameter is too old") == 0);
}

TEST_CASE("list: a kind the server does not serve is an error, never an empty list") {
  TestApiServer server(example_seed());
  const KindInfo widget{"Widget", "example.com", "v1", "widgets", true, false};
  auto listed = server.client().list(widget, "matrix");
  REQUIRE_FALSE(listed);
  CHECK(listed.error().front().message ==
        "cannot list widgets.example.com/v1 in namespace matrix: the API server does not serve this resource (is its CRD installed?)");
}

TEST_CASE("an object nested 5,000 deep from the API is an error naming the object, never a crash (test matrix I4)") {
  TestApiServer server(example_seed());
  auto client = server.client({2});
  // On the second page of a LIST: the error names the object in it, not only the page.
  server.inject({{"rules", {{{"type", "deep"}, {"verb", "list"}, {"skip", 1}}}}});
  auto listed = client.list(*find_kind("StatefulSet"), "matrix");
  REQUIRE_FALSE(listed);
  const std::string message = listed.error().front().message;
  CHECK_MESSAGE(message.starts_with("cannot list statefulsets.apps/v1 in namespace matrix: StatefulSet matrix/synapse-li nests "
                                    "deeper than 1000 levels (byte "),
                message);
  CHECK(message.ends_with(" of the response)"));
  server.inject({{"rules", {{{"type", "deep"}, {"verb", "get"}}}}});
  auto got = client.get(kMainStatefulSet);
  REQUIRE_FALSE(got);
  CHECK(got.error().front().message.starts_with(
      "cannot read StatefulSet matrix/synapse-main: it nests deeper than 1000 levels (byte "));
  // The server and the client are fine afterwards.
  CHECK(client.list(*find_kind("StatefulSet"), "matrix"));
}

TEST_CASE("get: an object, a missing one, and a forbidden token") {
  TestApiServer server({"--seed", example_snapshot().string(), "--forbidden-token", "no-rights"});
  auto client = server.client();
  auto main = client.get(kMainStatefulSet);
  REQUIRE(main);
  REQUIRE(*main);
  CHECK((*main)->resource_version == "51877204");
  CHECK((*main)->ref == kMainStatefulSet);
  auto missing = client.get(ObjectRef{"ConfigMap", "matrix", "nope"});
  REQUIRE(missing);
  CHECK_FALSE(*missing);
  auto unknown = client.get(ObjectRef{"Gadget", "matrix", "x"});
  REQUIRE_FALSE(unknown);

  ClusterConfig forbidden = server.token_config();
  forbidden.token = "no-rights";
  auto refused = KubeClient::connect(forbidden, fast_retries())->get(kMainStatefulSet);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().front().message.find("cannot read StatefulSet matrix/synapse-main: statefulsets.apps \"synapse-main\" is forbidden") == 0);
  CHECK(refused.error().front().message.find("(Forbidden, 403)") != std::string::npos);
}

TEST_CASE("merge_patch: the resourceVersion read is a precondition; a change since makes it 'changed since plan'") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  auto client = server.client();
  auto patched = client.merge_patch(kMainStatefulSet, {{"spec", {{"replicas", 2}}}}, "51877204");
  REQUIRE(patched);
  CHECK(patched->body["spec"]["replicas"] == 2);
  CHECK(patched->body["metadata"]["generation"] == 15);  // spec changed: generation moves
  CHECK(std::stoull(patched->resource_version) > 51877204);

  auto stale = client.merge_patch(kMainStatefulSet, {{"spec", {{"replicas", 3}}}}, "51877204");
  REQUIRE_FALSE(stale);
  CHECK(stale.error().front().message == "changed since plan: StatefulSet matrix/synapse-main");
  CHECK(server.count("PATCH " + kStatefulSetsPath + "/synapse-main") == 2);  // a 409 is never retried

  server.inject({{"rules", {{{"type", "conflict"}}}}});
  auto raced = client.merge_patch(kMainStatefulSet, {{"spec", {{"replicas", 3}}}}, patched->resource_version);
  REQUIRE_FALSE(raced);
  CHECK(raced.error().front().message == "changed since plan: StatefulSet matrix/synapse-main");
}

TEST_CASE("merge_patch: labels merge, null deletes, lists are replaced; metadata-only changes keep generation") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "0"});
  auto client = server.client();
  auto patched = client.merge_patch(ObjectRef{"ConfigMap", "matrix", "synapse-config"},
                                    {{"metadata", {{"labels", {{"synops.io/touched", "yes"}, {"app.kubernetes.io/part-of", nullptr}}}}}}, "");
  REQUIRE(patched);
  const auto& labels = patched->body["metadata"]["labels"];
  CHECK(labels["synops.io/touched"] == "yes");
  CHECK(labels["app.kubernetes.io/name"] == "synapse");
  CHECK_FALSE(labels.contains("app.kubernetes.io/part-of"));
  CHECK_FALSE(patched->body["metadata"].contains("generation"));
  auto tenant = client.merge_patch(ObjectRef{"Tenant", "minio-tenant", "synapse-storage"},
                                   {{"spec", {{"pools", {{{"name", "pool-0"}, {"servers", 4}, {"volumesPerServer", 4}}}}}}}, "");
  REQUIRE(tenant);
  CHECK(tenant->body["spec"]["pools"].size() == 1);
  CHECK_FALSE(tenant->body["spec"]["pools"][0].contains("volumeClaimTemplate"));  // the list was replaced whole
}

TEST_CASE("merge_patch: invalid values and missing objects") {
  TestApiServer server(example_seed());
  auto client = server.client();
  auto invalid = client.merge_patch(kMainStatefulSet, {{"spec", {{"replicas", "three"}}}}, "");
  REQUIRE_FALSE(invalid);
  CHECK(invalid.error().front().message.find("cannot patch StatefulSet matrix/synapse-main: StatefulSet.apps \"synapse-main\" is invalid: spec.replicas") == 0);
  CHECK(invalid.error().front().message.find("(Invalid, 422)") != std::string::npos);
  auto immutable = client.merge_patch(kMainStatefulSet, {{"spec", {{"serviceName", "other"}}}}, "");
  REQUIRE_FALSE(immutable);
  CHECK(immutable.error().front().message.find("updates to statefulset spec for fields other than") != std::string::npos);
  auto missing = client.merge_patch(ObjectRef{"Deployment", "matrix", "nope"}, {{"spec", {{"replicas", 1}}}}, "");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().front().message == "cannot patch Deployment matrix/nope: it does not exist");
}

TEST_CASE("rollout_restart: stamps restartedAt like kubectl and the rollout completes") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "20"});
  auto client = server.client();
  const ObjectRef web{"Deployment", "matrix", "element-web"};
  const auto at = std::chrono::system_clock::now();
  auto restarted = client.rollout_restart(web, at);
  REQUIRE(restarted);
  const std::string restarted_at =
      restarted->body["spec"]["template"]["metadata"]["annotations"]["kubectl.kubernetes.io/restartedAt"];
  CHECK(restarted_at == format_rfc3339_local(at));
  CHECK(parse_rfc3339(restarted_at).has_value());
  CHECK(restarted->body["metadata"]["generation"] == 7);
  CHECK_FALSE(client.rollout_restart(ObjectRef{"ConfigMap", "matrix", "synapse-config"}));
}

TEST_CASE("rfc3339: parses the API's forms and formats kubectl's") {
  const auto utc = parse_rfc3339("2026-08-24T12:30:05Z");
  REQUIRE(utc);
  CHECK(parse_rfc3339("2026-08-24T14:30:05+02:00") == utc);
  CHECK(parse_rfc3339("2026-08-24T12:30:05.123456Z") == utc);
  CHECK_FALSE(parse_rfc3339("2026-08-24 12:30:05"));
  CHECK_FALSE(parse_rfc3339("yesterday"));
  const std::string formatted = format_rfc3339_local(*utc);
  CHECK(parse_rfc3339(formatted) == utc);
}
