#include "live_lookup.h"
#include "engine/json_pointer.h"

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
      const auto& name_of = containers[i].is_object() ? containers[i].value("name", nlohmann::json()) : nlohmann::json();
      const std::string candidate = name_of.is_string() ? name_of.get<std::string>() : "";
      if (candidate == name) return static_cast<int>(i);
      names += (names.empty() ? "" : ", ") + candidate;
    }
  }
  problems.push_back(Diagnostic{where, workload.ref.str() + " has no container named \"" + name + "\" (it has: " +
                                           (names.empty() ? "none" : names) + "); set `container:` in topology.yaml"});
  return -1;
}

namespace {

void wrong_live_type(const LiveObject& object, const std::string& pointer, const nlohmann::json& value, const char* expected,
                     const SourcePosition& where, Diagnostics& problems) {
  problems.push_back(Diagnostic{where, "live " + object.ref.str() + ": " + pointer + " is " + value.dump() + ", not " + expected +
                                           " as Kubernetes writes it; fix the snapshot or the object"});
}

}  // namespace

std::optional<std::int64_t> live_replicas(const LiveObject& workload, const SourcePosition& where, Diagnostics& problems) {
  const auto replicas = value_at(workload.body, "/spec/replicas");
  if (replicas.is_null()) return 1;
  if (replicas.is_number_unsigned() || (replicas.is_number_integer() && replicas.get<std::int64_t>() >= 0))
    return replicas.get<std::int64_t>();
  wrong_live_type(workload, "/spec/replicas", replicas, "a non-negative integer", where, problems);
  return std::nullopt;
}

bool live_string_or_absent(const LiveObject& object, const std::string& pointer, const SourcePosition& where, Diagnostics& problems) {
  const auto value = value_at(object.body, pointer);
  if (value.is_null() || value.is_string()) return true;
  wrong_live_type(object, pointer, value, "a string", where, problems);
  return false;
}

}  // namespace synops
