// apply's wait for a rollout (domain/apply_kit/step_wait.h) against the Kubernetes API test
// server: it fails at once on a stuck pod of the new template, and it does not list the
// workload's pods while the controller has not yet seen the change (no such pod exists then).
#include <doctest/doctest.h>

#include "domain/apply_kit/step_wait.h"
#include "support/api_server.h"

using namespace synops;
using namespace synops::testing;

namespace {

const ObjectRef kSynchrotron{"Deployment", "matrix", "synapse-synchrotron"};
const std::string kSynchrotronPods = "LIST /api/v1/namespaces/matrix/pods";

// Gives the synchrotron Deployment a new image: a new generation its controller has to see.
void change_image(const kube::KubeClient& client, const std::string& image) {
  auto live = client.get(kSynchrotron);
  REQUIRE(live);
  REQUIRE(*live);
  auto containers = (**live).body.json()["spec"]["template"]["spec"]["containers"];
  containers[0]["image"] = image;
  const nlohmann::json patch = {{"spec", {{"template", {{"spec", {{"containers", containers}}}}}}}};
  auto patched = client.merge_patch(kSynchrotron, patch, (**live).resource_version);
  REQUIRE_MESSAGE(patched, (patched ? "" : patched.error().front().message));
}

apply::ActuationContext waiting_context(const kube::KubeClient& client, std::chrono::seconds timeout) {
  apply::ActuationContext context{client};
  context.options.wait_timeout = timeout;
  context.options.poll_interval = std::chrono::milliseconds(20);
  return context;
}

}  // namespace

TEST_CASE("a wait lists no pods while the controller has not seen the change") {
  // Controllers that do not tick during the test: the new generation stays unobserved.
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "600000"});
  const auto client = server.client();
  change_image(client, "matrixdotorg/synapse:v1.120.0");
  server.clear_requests();

  auto context = waiting_context(client, std::chrono::seconds(1));
  const auto waited = apply::wait_until_ready(context, kSynchrotron, "wait");
  REQUIRE_FALSE(waited);
  CHECK(waited.error().front().message.find("was not ready after 1s") != std::string::npos);
  CHECK(server.count("GET /apis/apps/v1/namespaces/matrix/deployments/synapse-synchrotron") >= 10);
  CHECK(server.count(kSynchrotronPods) == 0);
}

TEST_CASE("once the controller has seen the change, a crash-looping pod of the new template fails the wait at once") {
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "20", "--bad-image", "v1.120.0-broken"});
  const auto client = server.client();
  change_image(client, "matrixdotorg/synapse:v1.120.0-broken");

  auto context = waiting_context(client, std::chrono::seconds(120));
  const auto started = std::chrono::steady_clock::now();
  const auto waited = apply::wait_until_ready(context, kSynchrotron, "wait");
  REQUIRE_FALSE(waited);
  const std::string why = waited.error().front().message;
  CHECK_MESSAGE(why.find("Deployment matrix/synapse-synchrotron cannot roll out: pod synapse-synchrotron-") != std::string::npos, why);
  CHECK_MESSAGE(why.find("CrashLoopBackOff") != std::string::npos, why);
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(100));
  CHECK(server.count(kSynchrotronPods) >= 1);
}
