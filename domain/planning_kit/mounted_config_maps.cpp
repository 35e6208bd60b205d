#include "mounted_config_maps.h"

#include <algorithm>

namespace synops {

std::vector<ObjectRef> mounted_config_maps(const LiveObject& workload) {
  std::vector<ObjectRef> mounted;
  const auto volumes = workload.body.value("/spec/template/spec/volumes"_json_pointer, nlohmann::json::array());
  for (const auto& volume : volumes) {
    const std::string name = volume.value("/configMap/name"_json_pointer, std::string());
    if (name.empty()) continue;
    ObjectRef ref{"ConfigMap", workload.ref.ns, name};
    if (std::ranges::find(mounted, ref) == mounted.end()) mounted.push_back(std::move(ref));
  }
  return mounted;
}

}  // namespace synops
