#include "live_lookup.h"

namespace synops {

const LiveObject* require_live(const LiveState& live, const ObjectRef& ref, const SourcePosition& where,
                               Diagnostics& problems) {
  if (const LiveObject* object = live.find(ref)) return object;
  std::string found;
  for (const LiveObject* other : live.find_by_name(ref.ns, ref.name))
    found += (found.empty() ? "" : ", ") + other->ref.kind;
  std::string message = ref.kind + " " + ref.ns + "/" + ref.name + " named in the manifests is not in the live state";
  if (!found.empty())
    message += "; live has a " + found + " of that name: set the kind the cluster has, or fix the cluster";
  problems.push_back(Diagnostic{where, message});
  return nullptr;
}

int require_container(const LiveObject& workload, const std::string& name, const SourcePosition& where,
                      Diagnostics& problems) {
  const auto containers = value_at(workload.body, "/spec/template/spec/containers");
  std::string names;
  if (containers.is_array()) {
    for (size_t i = 0; i < containers.size(); ++i) {
      const std::string candidate = containers[i].value("name", "");
      if (candidate == name) return static_cast<int>(i);
      names += (names.empty() ? "" : ", ") + candidate;
    }
  }
  problems.push_back(Diagnostic{where, workload.ref.str() + " has no container named \"" + name + "\" (it has: " +
                                           (names.empty() ? "none" : names) + "); set `container:` in topology.yaml"});
  return -1;
}

nlohmann::json value_at(const nlohmann::json& document, const std::string& pointer) {
  const nlohmann::json::json_pointer path(pointer);
  return document.contains(path) ? document.at(path) : nlohmann::json();
}

}  // namespace synops
