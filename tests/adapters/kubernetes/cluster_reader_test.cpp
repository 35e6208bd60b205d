// Reading the live state from the API equals reading the kubectl snapshot it was seeded
// from, with one LIST per kind and namespace; and the snapshot writer round-trips.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "support/api_server.h"
#include "engine/base64.h"
#include "adapters/kubernetes/cluster_reader.h"
#include "adapters/snapshot/snapshot_writer.h"
#include "adapters/snapshot/snapshot_reader.h"

using namespace synops;
using namespace synops::kube;
using namespace synops::testing;

namespace {

const std::vector<std::string> kNamespaces = {"matrix", "minio-tenant"};
// The snapshot's Secrets that are not Helm releases: read by name.
const std::vector<ObjectRef> kNamedSecrets = {{"Secret", "matrix", "synapse-postgres-app"}, {"Secret", "matrix", "redis-synapse"}};

std::string collection(const std::string& kind, const std::string& ns) { return find_kind(kind)->collection_path(ns); }

}  // namespace

TEST_CASE("read_cluster: the same objects and fingerprint as the snapshot, one LIST per kind and namespace") {
  TestApiServer server({"--seed", example_snapshot().string()});
  auto client = server.client();
  auto live = read_cluster(client, ClusterReadRequest{kNamespaces, {}, kNamedSecrets});
  REQUIRE_MESSAGE(live, (live ? "" : live.error().front().message));
  auto snapshot = read_snapshot(example_snapshot());
  REQUIRE(snapshot);
  CHECK(live->size() == snapshot->size());
  CHECK(live->fingerprint() == snapshot->fingerprint());
  for (const auto& [ref, object] : snapshot->objects()) {
    CAPTURE(ref.str());
    const LiveObject* read = live->find(ref);
    REQUIRE(read != nullptr);
    CHECK(read->body == object.body);
    CHECK(read->api_version == object.api_version);
    CHECK(read->resource_version == object.resource_version);
  }
  const auto counts = server.requests()["counts"];
  int lists = 0;
  for (const auto& kind : default_read_kinds())
    for (const auto& ns : kNamespaces) {
      CAPTURE(kind);
      CHECK(counts.value("LIST " + collection(kind, ns), 0) == 1);
      ++lists;
    }
  int total_lists = 0, gets = 0;
  for (const auto& [key, count] : counts.items()) {
    if (key.starts_with("LIST ")) total_lists += count.get<int>();
    if (key.starts_with("GET ")) gets += count.get<int>();
  }
  CHECK(total_lists == lists);
  CHECK(gets == 2);  // the two Secrets asked for by name, nothing else
}

TEST_CASE("read_cluster: only Helm release Secrets unless named; the simple form reads every kind") {
  TestApiServer server({"--seed", example_snapshot().string()});
  auto live = read_cluster(server.client(), kNamespaces);
  REQUIRE(live);
  const auto secrets = live->of_kind("Secret");
  CHECK(secrets.size() == 3);
  for (const LiveObject* secret : secrets) CHECK(secret->body["metadata"]["labels"]["owner"] == "helm");
  CHECK(live->find(ObjectRef{"Tenant", "minio-tenant", "synapse-storage"}) != nullptr);
  CHECK(server.count("LIST /api/v1/namespaces/matrix/secrets") == 1);
  const auto log = server.requests();  // a named value: GCC 12 ends a range-for's temporaries early
  for (const auto& request : log["requests"])
    if (request["path"] == "/api/v1/namespaces/matrix/secrets")
      CHECK(request["query"].get<std::string>().find("labelSelector=owner=helm") != std::string::npos);
}

TEST_CASE("read_cluster: a kind that keeps failing fails the whole read, naming resource and namespace") {
  TestApiServer server({"--seed", example_snapshot().string()});
  server.inject({{"rules", {{{"type", "status"}, {"status", 503}, {"count", 100}, {"path", "/apis/minio.min.io"}}}}});
  auto live = read_cluster(server.client(), kNamespaces);
  REQUIRE_FALSE(live);
  REQUIRE(live.error().size() == 2);
  CHECK(live.error()[0].message ==
        "cannot list tenants.minio.min.io/v2 in namespace matrix: injected failure 503 (ServiceUnavailable, 503) after 5 attempts");
  CHECK(live.error()[1].message.find("in namespace minio-tenant") != std::string::npos);
}

TEST_CASE("read_cluster: transient failures and small pages give the same state") {
  TestApiServer server({"--seed", example_snapshot().string()});
  server.inject({{"rules", {{{"type", "status"}, {"status", 500}, {"count", 3}}, {{"type", "drop"}, {"count", 2}}}}});
  auto live = read_cluster(server.client({1}), ClusterReadRequest{kNamespaces, {}, kNamedSecrets, 2});
  REQUIRE(live);
  CHECK(live->fingerprint() == read_snapshot(example_snapshot())->fingerprint());
}

TEST_CASE("write_snapshot: deterministic, and read back as the same state") {
  auto snapshot = read_snapshot(example_snapshot());
  REQUIRE(snapshot);
  const std::string text = write_snapshot(*snapshot);
  LiveState reversed;
  std::vector<LiveObject> objects;
  for (const auto& [ref, object] : snapshot->objects()) objects.push_back(object);
  for (auto it = objects.rbegin(); it != objects.rend(); ++it) reversed.add(*it);
  CHECK(write_snapshot(reversed) == text);
  LiveState again;
  CHECK(add_snapshot_text(text, "written", again).empty());
  CHECK(again.fingerprint() == snapshot->fingerprint());
  CHECK(again.size() == snapshot->size());
  const auto document = nlohmann::json::parse(text);
  CHECK(document["kind"] == "List");
  CHECK(document["apiVersion"] == "v1");
}

TEST_CASE("base64: round trips and rejects junk") {
  for (const std::string text : {"", "a", "ab", "abc", "abcd", "-----BEGIN CERTIFICATE-----\n\x01\xff"}) {
    CAPTURE(text);
    CHECK(base64_decode(base64_encode(text)) == text);
  }
  CHECK(base64_encode("ab") == "YWI=");
  CHECK(base64_decode("YW\nI=") == "ab");
  CHECK_FALSE(base64_decode("YWI"));
  CHECK_FALSE(base64_decode("Y*I="));
}
