// The real kubectl against the test API server: if kubectl can get, patch and follow a
// rollout with it, the server speaks the API the way clusters do.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "support/api_server.h"
#include "support/kubectl.h"
#include "support/skip.h"

using namespace synops;
using namespace synops::testing;

namespace {

std::string kubectl_on_path() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const auto candidate = std::filesystem::path(dir) / "kubectl";
    if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

void require_kubectl() {
  if (kubectl_on_path().empty()) synops::testing::skip_test("no kubectl on PATH (Debian: apt-get install kubernetes-client)");
}

}  // namespace

TEST_SUITE("needs kubectl") {
TEST_CASE("kubectl: get -o json, patch --type merge, rollout status of a StatefulSet and a Deployment") {
  require_kubectl();
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "50"});

  const KubectlRun get = run_kubectl(server, "get statefulset synapse-main -o json");
  REQUIRE_MESSAGE(get.status == 0, get.output);
  const auto object = nlohmann::json::parse(get.output);
  CHECK(object["metadata"]["resourceVersion"] == "51877204");

  const KubectlRun list = run_kubectl(server, "get deployments -o json");
  REQUIRE_MESSAGE(list.status == 0, list.output);
  CHECK(nlohmann::json::parse(list.output)["items"].size() == 3);

  const KubectlRun patch = run_kubectl(server, "patch statefulset synapse-event-persister --type merge -p '{\"spec\":{\"replicas\":3}}'");
  REQUIRE_MESSAGE(patch.status == 0, patch.output);
  CHECK(patch.output == "statefulset.apps/synapse-event-persister patched\n");
  auto patched = server.client().get(ObjectRef{"StatefulSet", "matrix", "synapse-event-persister"});
  REQUIRE(patched);
  CHECK((**patched).body["spec"]["replicas"] == 3);

  const KubectlRun image = run_kubectl(server, "set image statefulset/synapse-main synapse=matrixdotorg/synapse:v1.121.0");
  REQUIRE_MESSAGE(image.status == 0, image.output);
  const KubectlRun sts_status = run_kubectl(server, "rollout status statefulset/synapse-main --timeout=45s");
  CHECK_MESSAGE(sts_status.status == 0, sts_status.output);
  CHECK(sts_status.output.find("partitioned roll out complete") != std::string::npos);

  const KubectlRun restart = run_kubectl(server, "rollout restart deployment/synapse-synchrotron");
  REQUIRE_MESSAGE(restart.status == 0, restart.output);
  const KubectlRun deploy_status = run_kubectl(server, "rollout status deployment/synapse-synchrotron --timeout=45s");
  CHECK_MESSAGE(deploy_status.status == 0, deploy_status.output);
  CHECK(deploy_status.output.find("deployment \"synapse-synchrotron\" successfully rolled out") != std::string::npos);
}

TEST_CASE("kubectl: a bad image fails rollout status; a stale resourceVersion is a conflict; CRs refuse strategic patches") {
  require_kubectl();
  TestApiServer server({"--seed", example_snapshot().string(), "--tick-ms", "50", "--progress-deadline-ms", "500"});
  const KubectlRun broken = run_kubectl(server, "set image deployment/element-web element-web=vectorim/element-web:broken");
  REQUIRE_MESSAGE(broken.status == 0, broken.output);
  const KubectlRun status = run_kubectl(server, "rollout status deployment/element-web --timeout=45s");
  CHECK(status.status != 0);
  CHECK(status.output.find("exceeded its progress deadline") != std::string::npos);

  const KubectlRun stale = run_kubectl(server, "patch configmap synapse-config --type merge -p '{\"metadata\":{\"resourceVersion\":\"1\"}}'");
  CHECK(stale.status != 0);
  CHECK(stale.output.find("the object has been modified") != std::string::npos);

  const KubectlRun strategic = run_kubectl(server, "-n minio-tenant patch tenant synapse-storage --type strategic -p '{\"spec\":{\"image\":\"x\"}}'");
  CHECK(strategic.status != 0);
  CHECK(strategic.output.find("application/strategic-merge-patch+json is not supported") != std::string::npos);
}
}  // TEST_SUITE("needs kubectl")
