#include <doctest/doctest.h>

#include "adapters/helm/helm_release.h"
#include "adapters/snapshot/snapshot_reader.h"

using namespace synops;

TEST_CASE("the deployed revision with the highest version is read from the release Secrets") {
  auto live = read_snapshot(std::string(SYNOPS_SOURCE_DIR) + "/examples/matrix/live/cluster.json");
  REQUIRE(live);
  auto release = read_helm_release(*live, "matrix", "redis-synapse");
  REQUIRE(release);
  CHECK(release->revision == 2);
  CHECK(release->secret->ref.name == "sh.helm.release.v1.redis-synapse.v2");
  const auto values = release->effective_values();
  CHECK(values["replica"]["replicaCount"] == 3);  // user override over the chart default
  CHECK(values["image"]["tag"] == "7.4.1-debian-12-r2");
  CHECK(values["image"]["repository"] == "bitnami/redis");  // chart default kept
}

TEST_CASE("a release with no deployed revision, or a damaged one, is a clear error") {
  LiveState empty;
  auto missing = read_helm_release(empty, "matrix", "redis-x");
  REQUIRE_FALSE(missing);
  CHECK(missing.error()[0].message ==
        "Helm release matrix/redis-x has no deployed revision in the live state (no Secret with labels owner=helm, "
        "name=redis-x, status=deployed)");
  auto damaged = decode_helm_release("SDRzSUFBQUFBQUFDL", "Secret/matrix/x");
  REQUIRE_FALSE(damaged);
  CHECK(damaged.error()[0].message == "Secret/matrix/x: data.release is not base64 of a Helm release");
}
