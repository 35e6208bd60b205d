// The pods a Deployment or StatefulSet runs, found the way its controller finds them: by
// the workload's label selector, in its namespace.
#pragma once
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "engine/live_state.h"

namespace synops {

// Indexes the pods once, by namespace and by label: a large deployment has thousands of pods
// and hundreds of workloads, and each workload looks only at the pods carrying one of its labels.
class WorkloadPods {
 public:
  explicit WorkloadPods(const LiveState& live);

  // Pods matching spec.selector (matchLabels and matchExpressions) of `workload`, in name
  // order. A workload without a selector has no pods: matching everything would be a guess.
  std::vector<const LiveObject*> of(const LiveObject& workload) const;

 private:
  std::map<std::string, std::vector<const LiveObject*>> by_namespace_;
  std::map<std::tuple<std::string, std::string, std::string>, std::vector<const LiveObject*>> by_label_;  // ns, key, value
};

}  // namespace synops
