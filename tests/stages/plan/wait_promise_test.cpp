// Every wait step of a plan says exactly what apply's wait checks: the reason is built from
// kube::readiness_promise (whose clauses tests/adapters/kubernetes/readiness_promise_test.cpp
// holds against the readiness rules), never written by a planner on its own.
#include <doctest/doctest.h>

#include "adapters/kubernetes/readiness.h"
#include "support/scenario.h"

using namespace synops;
using namespace synops::testing;

namespace {

void check_waits(const Plan& plan) {
  size_t waits = 0;
  for (const auto& action : plan.actions) {
    if (action.type != ActionType::wait) continue;
    CAPTURE(action.key);
    CHECK(action.reason == "wait until " + action.target.str() + " " + kube::readiness_promise(action.target.kind));
    ++waits;
  }
  CHECK(waits > 0);
}

}  // namespace

TEST_CASE("wait steps promise what apply's wait checks, for every kind a plan waits for") {
  SUBCASE("Synapse workloads, Deployments and StatefulSets (§2.1)") { check_waits(Scenario::example().plan()); }
  SUBCASE("a CloudNativePG Cluster") {
    Scenario s = Scenario::in_sync();
    s.desired.postgres->image->value = "ghcr.io/cloudnative-pg/postgresql:16.4";
    check_waits(s.plan());
  }
  SUBCASE("a MinIO Tenant") {
    Scenario s = Scenario::in_sync();
    s.desired.minio->image->value = "quay.io/minio/minio:RELEASE.2025-04-08T15-41-24Z";
    check_waits(s.plan());
  }
  SUBCASE("Element Web") {
    Scenario s = Scenario::in_sync();
    s.desired.element.image->value = "vectorim/element-web:v1.11.90";
    check_waits(s.plan());
  }
}
