// Which live HPA scales a workload: read once from every HPA's scaleTargetRef.
#include <doctest/doctest.h>

#include "domain/planning_kit/hpa.h"

using namespace synops;

namespace {

LiveObject autoscaler(const std::string& ns, const std::string& name, nlohmann::json target) {
  return LiveObject{{"HorizontalPodAutoscaler", ns, name}, "autoscaling/v2", "1",
                    nlohmann::json{{"kind", "HorizontalPodAutoscaler"},
                                   {"metadata", {{"name", name}, {"namespace", ns}}},
                                   {"spec", {{"scaleTargetRef", std::move(target)}, {"maxReplicas", 4}}}}};
}

nlohmann::json scale_target(const std::string& kind, const std::string& name) {
  return {{"apiVersion", "apps/v1"}, {"kind", kind}, {"name", name}};
}

}  // namespace

TEST_CASE("an HPA is found by the kind, namespace and name its scaleTargetRef names") {
  LiveState live;
  live.add(autoscaler("matrix", "synchrotron-b", scale_target("Deployment", "synapse-synchrotron")));
  live.add(autoscaler("matrix", "synchrotron-a", scale_target("Deployment", "synapse-synchrotron")));
  live.add(autoscaler("other", "generic", scale_target("Deployment", "synapse-generic")));
  live.add(autoscaler("matrix", "persister", scale_target("StatefulSet", "synapse-event-persister")));
  live.add(autoscaler("matrix", "broken", {{"kind", 7}, {"name", nullptr}}));
  live.add(autoscaler("matrix", "no-target", nullptr));
  const HpaTargets hpas(live);

  // Of two HPAs on one workload (Kubernetes reports it as AmbiguousSelector), the first by name.
  const LiveObject* synchrotron = hpas.find({"Deployment", "matrix", "synapse-synchrotron"});
  REQUIRE(synchrotron != nullptr);
  CHECK(synchrotron->ref.name == "synchrotron-a");
  CHECK(hpas.find({"StatefulSet", "matrix", "synapse-event-persister"})->ref.name == "persister");
  // The target is in the HPA's own namespace, and the kind must match too.
  CHECK(hpas.find({"Deployment", "matrix", "synapse-generic"}) == nullptr);
  CHECK(hpas.find({"Deployment", "other", "synapse-generic"})->ref.name == "generic");
  CHECK(hpas.find({"StatefulSet", "matrix", "synapse-synchrotron"}) == nullptr);
  CHECK(hpas.find({"Deployment", "matrix", ""}) == nullptr);
}
