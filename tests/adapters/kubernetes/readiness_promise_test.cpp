// The plan's wait steps say what apply's wait checks (kube::readiness_promise). Each row names a
// clause of that promise and breaks it in an object that is otherwise ready: the clause must be
// in the promise, and the object must then not be ready (or fail at once). A clause the wait
// does not check, or a check the plan does not mention, fails here.
#include <doctest/doctest.h>

#include <functional>

#include "adapters/kubernetes/pod_status.h"
#include "adapters/kubernetes/readiness.h"

using namespace synops::kube;
using nlohmann::json;

namespace {

json ready_deployment() {
  return json::parse(R"({"kind": "Deployment", "metadata": {"name": "w", "generation": 2}, "spec": {"replicas": 3},
    "status": {"observedGeneration": 2, "replicas": 3, "updatedReplicas": 3, "availableReplicas": 3}})");
}

json ready_statefulset() {
  return json::parse(R"({"kind": "StatefulSet", "metadata": {"name": "s", "generation": 2},
    "spec": {"replicas": 3, "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}},
    "status": {"observedGeneration": 2, "readyReplicas": 3, "updatedReplicas": 3}})");
}

json ready_cluster() {
  return json::parse(R"({"kind": "Cluster", "apiVersion": "postgresql.cnpg.io/v1", "metadata": {"name": "pg", "generation": 3},
    "spec": {"instances": 3, "imageName": "ghcr.io/cloudnative-pg/postgresql:16.4"},
    "status": {"phase": "Cluster in healthy state", "readyInstances": 3, "image": "ghcr.io/cloudnative-pg/postgresql:16.4",
               "conditions": [{"type": "Ready", "status": "True", "observedGeneration": 3}]}})");
}

json ready_tenant() {
  return json::parse(R"({"kind": "Tenant", "metadata": {"name": "t"}, "status": {"currentState": "Initialized", "healthStatus": "green"}})");
}

json ready_certificate() {
  return json::parse(R"({"kind": "Certificate", "metadata": {"name": "c", "generation": 2},
    "status": {"conditions": [{"type": "Ready", "status": "True", "observedGeneration": 2}]}})");
}

json ready_pod() {
  return json::parse(R"({"kind": "Pod", "metadata": {"name": "p"}, "status": {"phase": "Running",
    "conditions": [{"type": "Ready", "status": "True"}], "containerStatuses": [{"name": "synapse", "state": {"running": {}}}]}})");
}

struct Broken {
  std::string kind;
  std::string clause;  // as the promise says it
  std::function<json()> ready;
  std::function<void(json&)> break_it;
};

void waiting_reason(json& object, const std::string& reason, int restarts) {
  object["status"]["containerStatuses"][0]["state"] = {{"waiting", {{"reason", reason}}}};
  object["status"]["containerStatuses"][0]["restartCount"] = restarts;
}

const std::vector<Broken>& rows() {
  static const std::vector<Broken> table = {
      {"Deployment", "the controller has seen the change", ready_deployment, [](json& o) { o["status"]["observedGeneration"] = 1; }},
      {"Deployment", "every replica runs the new template", ready_deployment, [](json& o) { o["status"]["updatedReplicas"] = 2; }},
      {"Deployment", "and is available", ready_deployment, [](json& o) { o["status"]["availableReplicas"] = 2; }},
      {"Deployment", "no old replica is left", ready_deployment, [](json& o) { o["status"]["replicas"] = 4; }},
      {"StatefulSet", "the controller has seen the change", ready_statefulset, [](json& o) { o["status"]["observedGeneration"] = 1; }},
      {"StatefulSet", "every replica is ready", ready_statefulset, [](json& o) { o["status"]["readyReplicas"] = 2; }},
      {"StatefulSet", "every pod is updated to the new revision", ready_statefulset, [](json& o) { o["status"]["updatedReplicas"] = 2; }},
      {"Cluster", "the operator reports this generation", ready_cluster, [](json& o) { o["status"]["conditions"][0]["observedGeneration"] = 2; }},
      {"Cluster", "every instance runs the new image", ready_cluster, [](json& o) { o["status"]["image"] = "ghcr.io/cloudnative-pg/postgresql:16.3"; }},
      {"Cluster", "condition Ready is True", ready_cluster, [](json& o) { o["status"]["conditions"][0]["status"] = "False"; }},
      {"Cluster", "phase is \"Cluster in healthy state\"", ready_cluster, [](json& o) { o["status"]["phase"] = "Upgrading cluster"; }},
      {"Cluster", "with every instance ready", ready_cluster, [](json& o) { o["status"]["readyInstances"] = 2; }},
      {"Tenant", "currentState \"Initialized\"", ready_tenant, [](json& o) { o["status"]["currentState"] = "Provisioning"; }},
      {"Tenant", "healthStatus green", ready_tenant, [](json& o) { o["status"]["healthStatus"] = "yellow"; }},
      {"Certificate", "condition Ready is True", ready_certificate, [](json& o) { o["status"]["conditions"][0]["status"] = "False"; }},
      {"Certificate", "for this generation", ready_certificate, [](json& o) { o["status"]["conditions"][0]["observedGeneration"] = 1; }},
      {"Certificate", "a failed issuance fails it at once", ready_certificate,
       [](json& o) { o["status"]["conditions"].push_back({{"type", "Issuing"}, {"status", "False"}, {"reason", "Failed"}}); }},
  };
  return table;
}

}  // namespace

TEST_CASE("readiness promise: every clause a wait step shows is one the wait checks") {
  for (const auto& row : rows()) {
    CAPTURE(row.kind);
    CAPTURE(row.clause);
    CHECK(readiness_promise(row.kind).find(row.clause) != std::string::npos);
    json object = row.ready();
    REQUIRE(readiness(object).ready);
    row.break_it(object);
    CHECK_FALSE(readiness(object).ready);
  }
}

TEST_CASE("readiness promise: the pods that fail a Deployment's or StatefulSet's wait at once are the ones it names") {
  // ImagePullBackOff, ErrImagePull and InvalidImageName are image pull errors; CreateContainerConfigError and
  // CreateContainerError container creation errors.
  const std::string named = "a new pod that cannot start (a crash loop after 2 restarts, an image pull or container creation "
                            "error) fails it at once";
  for (const std::string kind : {"Deployment", "StatefulSet"}) CHECK(readiness_promise(kind).find(named) != std::string::npos);
  for (const std::string reason : {"ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CreateContainerConfigError",
                                   "CreateContainerError"}) {
    CAPTURE(reason);
    json stuck = ready_pod();
    waiting_reason(stuck, reason, 0);
    CHECK(stuck_reason(stuck));  // what apply's wait asks of each pod of the new template
  }
  json crashing = ready_pod();
  waiting_reason(crashing, "CrashLoopBackOff", 1);
  CHECK_FALSE(stuck_reason(crashing));  // one crash at start is waited for
  waiting_reason(crashing, "CrashLoopBackOff", 2);
  CHECK(stuck_reason(crashing));
}

TEST_CASE("readiness promise: each kind with a rollout has one, and it lists no more clauses than the table breaks") {
  for (const std::string kind : {"Deployment", "StatefulSet", "Cluster", "Tenant", "Certificate"}) {
    CAPTURE(kind);
    CHECK(has_rollout(kind));
    // The clauses are separated by ", " and " and "; every one must be a row above.
    std::string rest = readiness_promise(kind);
    for (const auto& row : rows())
      if (row.kind == kind)
        if (const size_t at = rest.find(row.clause); at != std::string::npos) rest.erase(at, row.clause.size());
    if (kind == "Deployment" || kind == "StatefulSet")
      rest.erase(rest.find("; a new pod that cannot start ("));
    for (const char* filler : {"is rolled out and ready: ", "is healthy: ", "is issued: ", ", and ", " and ", ", ", "; ", " with ", " "})
      for (size_t at = rest.find(filler); at != std::string::npos; at = rest.find(filler)) rest.erase(at, std::string(filler).size());
    CHECK_MESSAGE(rest.empty(), "promised but not broken by any row: \"" << rest << "\"");
  }
}
