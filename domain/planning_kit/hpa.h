// HorizontalPodAutoscalers own the replicas of their target: synops manages their bounds
// instead and never fights them over spec.replicas.
#pragma once
#include <map>

#include "engine/live_state.h"

namespace synops {

// The live HPAs by the workload their scaleTargetRef names, read once: a plan looks up every
// worker pool, and scanning every HPA for each made planning quadratic (1,562 pools and 262
// HPAs at 50,000 objects: a tenth of the plan's CPU).
class HpaTargets {
 public:
  explicit HpaTargets(const LiveState& live);
  // The HPA that scales `workload` (of several, the first by name), or nullptr.
  const LiveObject* find(const ObjectRef& workload) const;

 private:
  std::map<ObjectRef, const LiveObject*> by_target_;
};

}  // namespace synops
