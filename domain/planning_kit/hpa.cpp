#include "hpa.h"

#include "adapters/kubernetes/json_fields.h"

namespace synops {

HpaTargets::HpaTargets(const LiveState& live) {
  for (const LiveObject* hpa : live.of_kind("HorizontalPodAutoscaler")) {
    const auto& target = kube::field(hpa->body.json(), {"spec", "scaleTargetRef"});
    if (!target.is_object()) continue;
    // emplace keeps the first
    by_target_.emplace(ObjectRef{kube::text_at(target, {"kind"}), hpa->ref.ns, kube::text_at(target, {"name"})}, hpa);
  }
}

const LiveObject* HpaTargets::find(const ObjectRef& workload) const {
  const auto found = by_target_.find(workload);
  return found == by_target_.end() ? nullptr : found->second;
}

}  // namespace synops
