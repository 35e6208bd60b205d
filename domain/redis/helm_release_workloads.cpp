#include "helm_release_workloads.h"

#include "adapters/kubernetes/kinds.h"

namespace synops::apply {

Result<std::vector<ObjectRef>> release_statefulsets(ActuationContext& context, const ObjectRef& release) {
  auto sets = context.client.list(*kube::find_kind("StatefulSet"), release.ns);
  if (!sets) return std::unexpected(sets.error());
  std::vector<ObjectRef> owned;
  for (const auto& set : *sets)
    if (set.body.value("/metadata/annotations/meta.helm.sh~1release-name"_json_pointer, std::string()) == release.name)
      owned.push_back(set.ref);
  return owned;
}

}  // namespace synops::apply
