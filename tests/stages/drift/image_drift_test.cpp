// Pods running another image than their template, with Docker Hub's implicit parts ignored.
#include <doctest/doctest.h>

#include "support/drift_scenario.h"
#include "stages/drift/image_reference.h"

namespace synops::testing {
namespace {

TEST_CASE("image references compare without Docker Hub's implicit registry, namespace and tag") {
  CHECK(normalize_image("docker.io/matrixdotorg/synapse:v1") == normalize_image("matrixdotorg/synapse:v1"));
  CHECK(normalize_image("docker.io/library/busybox:1.36.1") == "busybox:1.36.1");
  CHECK(normalize_image("index.docker.io/library/busybox") == "busybox:latest");
  CHECK(normalize_image("busybox") == normalize_image("docker.io/library/busybox:latest"));
  CHECK(normalize_image("ghcr.io/cloudnative-pg/postgresql:16.3") == "ghcr.io/cloudnative-pg/postgresql:16.3");
  CHECK(normalize_image("registry.local:5000/synapse") == "registry.local:5000/synapse:latest");
  CHECK(normalize_image("matrixdotorg/synapse:v1") != normalize_image("matrixdotorg/synapse:v2"));
  CHECK(normalize_image("quay.io/matrixdotorg/synapse:v1") != normalize_image("matrixdotorg/synapse:v1"));
  CHECK(image_digest("matrixdotorg/synapse@sha256:abc") == "sha256:abc");
  CHECK(image_digest("matrixdotorg/synapse:v1").empty());
}

TEST_CASE("a pod on an older image is image drift, counted against its workload") {
  Scenario s = settled();
  set_running_image(s, "synapse-event-persister-1", "docker.io/matrixdotorg/synapse:v1.119.0");
  const DriftReport report = drift_of(s);
  CHECK(lines_of(report) ==
        std::vector<std::string>{"image Pod/matrix/synapse-event-persister-1 /status/containerStatuses/0/image: "
                                 "\"docker.io/matrixdotorg/synapse:v1.119.0\" -> \"matrixdotorg/synapse:v1.120.0\""});
  REQUIRE(report.items[0].owner);
  CHECK(report.items[0].owner->str() == "StatefulSet/matrix/synapse-event-persister");
  CHECK(report.items[0].where == s.pool("event-persister").workload.at);
}

TEST_CASE("a template pinned by digest is compared with the digest the pod runs") {
  Scenario s = settled();
  const std::string pinned = "matrixdotorg/synapse@sha256:5bf2c3a1e8d07c94b6f1a2e3d4c5b6a7980f1e2d3c4b5a69788e7f6d5c4b3a21";
  s.desired.synapse.main_image->value = pinned;  // every Synapse image must match (§2.1)
  s.desired.synapse.workers_image->value = pinned;
  s.desired.synapse.li_image->value = pinned;
  std::vector<ObjectRef> workloads;
  for (const auto& [ref, object] : s.live.objects())
    if ((ref.kind == "StatefulSet" || ref.kind == "Deployment") && ref.name.starts_with("synapse-")) workloads.push_back(ref);
  for (const auto& ref : workloads)
    s.edit_live(ref.kind, ref.name, [&](nlohmann::json& body) {
      body["spec"]["template"]["spec"]["containers"][0]["image"] = pinned;
    });
  // synapse-main-0 reports the tag it was pulled as, and the pinned digest as its imageID.
  CHECK(drift_of(s).in_sync());
  s.edit_live("Pod", "synapse-main-0", [](nlohmann::json& body) {
    body["status"]["containerStatuses"][0]["imageID"] = "docker.io/matrixdotorg/synapse@sha256:0000";
  });
  const auto lines = lines_of(drift_of(s));
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].starts_with("image Pod/matrix/synapse-main-0 /status/containerStatuses/0/image:"));
}

}  // namespace
}  // namespace synops::testing
