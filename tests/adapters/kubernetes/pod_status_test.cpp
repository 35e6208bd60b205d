// A pod's container statuses, as the API serves them, read for what waiting cannot fix and
// for whether an image ever started (the point of no return of an upgrade).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "adapters/kubernetes/pod_status.h"

using namespace synops::kube;
using nlohmann::json;

namespace {

json pod_with(json status) {
  return {{"kind", "Pod"}, {"metadata", {{"name", "synapse-main-0"}}}, {"status", {{"containerStatuses", json::array({status})}}}};
}

json waiting(const std::string& reason, int restarts, const std::string& image = "ghcr.io/element-hq/synapse:v1.120.0") {
  return {{"name", "synapse"}, {"image", image}, {"ready", false}, {"restartCount", restarts}, {"started", false},
          {"state", {{"waiting", {{"reason", reason}, {"message", "back-off pulling image"}}}}}};
}

}  // namespace

TEST_CASE("pod status: a crash loop is stuck from its second restart, an image that cannot be pulled at once") {
  CHECK_FALSE(stuck_reason(pod_with(waiting("CrashLoopBackOff", 1))));  // one crash: the database may still be starting
  CHECK(stuck_reason(pod_with(waiting("CrashLoopBackOff", 2))) == "container synapse is in CrashLoopBackOff (restarted 2 times)");
  CHECK(stuck_reason(pod_with(waiting("ImagePullBackOff", 0))) == "container synapse is in ImagePullBackOff: back-off pulling image");
  CHECK(stuck_reason(pod_with(waiting("ErrImagePull", 0))).has_value());
  CHECK(stuck_reason(pod_with(waiting("CreateContainerConfigError", 0))).has_value());
  CHECK_FALSE(stuck_reason(pod_with(waiting("ContainerCreating", 0))));
  CHECK_FALSE(stuck_reason(pod_with({{"name", "synapse"}, {"state", {{"running", {{"startedAt", "2026-12-05T10:00:00Z"}}}}}})));
  CHECK_FALSE(stuck_reason(json{{"kind", "Pod"}}));  // no status yet
}

TEST_CASE("pod status: an image started once it runs, ran, or restarted; never when it was not pulled") {
  const std::string image = "ghcr.io/element-hq/synapse:v1.120.0";
  CHECK_FALSE(image_started(pod_with(waiting("ErrImagePull", 0)), image));
  CHECK_FALSE(image_started(pod_with(waiting("ImagePullBackOff", 0)), image));
  CHECK(image_started(pod_with(waiting("CrashLoopBackOff", 3)), image));  // it ran, crashed, and may have migrated
  json crashed_once = waiting("CrashLoopBackOff", 0);
  crashed_once["lastState"] = {{"terminated", {{"exitCode", 1}, {"reason", "Error"}}}};
  CHECK(image_started(pod_with(crashed_once), image));
  CHECK(image_started(pod_with({{"name", "synapse"}, {"image", image}, {"state", {{"running", json::object()}}}}), image));
  CHECK_FALSE(image_started(pod_with({{"name", "synapse"}, {"image", "ghcr.io/element-hq/synapse:v1.119.0"},
                                      {"state", {{"running", json::object()}}}}),
                            image));  // an old pod running says nothing of the new image
}

TEST_CASE("pod status: image references compare as the runtime resolves them") {
  CHECK(same_image("nginx", "docker.io/library/nginx:latest"));
  CHECK(same_image("element-hq/synapse:v1.120.0", "docker.io/element-hq/synapse:v1.120.0"));
  CHECK(same_image("ghcr.io/element-hq/synapse:v1.120.0", "ghcr.io/element-hq/synapse:v1.120.0"));
  CHECK(same_image("localhost:5000/synapse", "localhost:5000/synapse:latest"));
  CHECK_FALSE(same_image("ghcr.io/element-hq/synapse:v1.120.0", "ghcr.io/element-hq/synapse:v1.119.0"));
  CHECK_FALSE(same_image("ghcr.io/element-hq/synapse:v1.120.0", "docker.io/element-hq/synapse:v1.120.0"));
}
