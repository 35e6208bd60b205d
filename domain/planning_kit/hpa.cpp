#include "hpa.h"

namespace synops {

const LiveObject* hpa_for(const LiveState& live, const ObjectRef& workload) {
  for (const LiveObject* hpa : live.of_kind("HorizontalPodAutoscaler")) {
    if (hpa->ref.ns != workload.ns) continue;
    const auto target = hpa->body.value("/spec/scaleTargetRef"_json_pointer, nlohmann::json::object());
    if (target.value("kind", "") == workload.kind && target.value("name", "") == workload.name) return hpa;
  }
  return nullptr;
}

}  // namespace synops
