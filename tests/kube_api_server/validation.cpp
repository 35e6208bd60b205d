#include "validation.h"

#include <set>
#include <string>
#include <vector>

#include "status.h"

namespace kube_test {

namespace {

struct Cause {
  std::string field;
  std::string reason;  // FieldValueInvalid, FieldValueRequired, FieldValueForbidden
  std::string message;
};

const nlohmann::json& at(const nlohmann::json& object, const nlohmann::json::json_pointer& pointer) {
  static const nlohmann::json null;
  return object.contains(pointer) ? object[pointer] : null;
}

void check_string_map(const nlohmann::json& object, const char* section, std::vector<Cause>& causes) {
  const auto& map = at(object, nlohmann::json::json_pointer(std::string("/metadata/") + section));
  if (map.is_null()) return;
  if (!map.is_object()) return causes.push_back({std::string("metadata.") + section, "FieldValueInvalid", "must be a map of strings"});
  for (const auto& [key, value] : map.items())
    if (!value.is_string())
      causes.push_back({std::string("metadata.") + section + "[" + key + "]", "FieldValueInvalid", "must be a string"});
}

void check_pod_template(const nlohmann::json& object, std::vector<Cause>& causes) {
  const auto& replicas = at(object, "/spec/replicas"_json_pointer);
  if (!replicas.is_null() && (!replicas.is_number_integer() || replicas.get<long>() < 0))
    causes.push_back({"spec.replicas", "FieldValueInvalid", "Invalid value: " + replicas.dump() + ": must be a non-negative integer"});
  const auto& containers = at(object, "/spec/template/spec/containers"_json_pointer);
  if (!containers.is_array() || containers.empty())
    return causes.push_back({"spec.template.spec.containers", "FieldValueRequired", "Required value"});
  for (size_t i = 0; i < containers.size(); ++i) {
    const std::string field = "spec.template.spec.containers[" + std::to_string(i) + "]";
    const auto& container = containers[i];
    if (!container.is_object() || !container.contains("name") || !container["name"].is_string())
      causes.push_back({field + ".name", "FieldValueRequired", "Required value"});
    if (!container.is_object() || !container.contains("image") || !container["image"].is_string() ||
        container["image"].get<std::string>().empty())
      causes.push_back({field + ".image", "FieldValueRequired", "Required value"});
  }
}

// apps/v1 validation: "updates to statefulset spec for fields other than ... are forbidden".
void check_statefulset_update(const nlohmann::json& old, const nlohmann::json& updated, std::vector<Cause>& causes) {
  static const std::set<std::string> mutable_fields = {"replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit",
                                                       "persistentVolumeClaimRetentionPolicy", "minReadySeconds"};
  auto frozen = [&](const nlohmann::json& object) {
    nlohmann::json spec = at(object, "/spec"_json_pointer);
    if (!spec.is_object()) return spec;
    for (const auto& field : mutable_fields) spec.erase(field);
    return spec;
  };
  if (frozen(old) != frozen(updated))
    causes.push_back({"spec", "FieldValueForbidden",
                      "Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', "
                      "'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and "
                      "'minReadySeconds' are forbidden"});
}

void check_immutable(const nlohmann::json& old, const nlohmann::json& updated, const nlohmann::json::json_pointer& pointer,
                     const std::string& field, std::vector<Cause>& causes) {
  if (at(old, pointer) != at(updated, pointer))
    causes.push_back({field, "FieldValueInvalid", "Invalid value: " + at(updated, pointer).dump() + ": field is immutable"});
}

std::vector<Cause> causes_for(const Resource& resource, const nlohmann::json* old, const nlohmann::json& updated) {
  std::vector<Cause> causes;
  check_string_map(updated, "labels", causes);
  check_string_map(updated, "annotations", causes);
  if (resource.kind == "Deployment" || resource.kind == "StatefulSet") check_pod_template(updated, causes);
  if (old != nullptr && resource.kind == "StatefulSet") check_statefulset_update(*old, updated, causes);
  if (old != nullptr && resource.kind == "Deployment") check_immutable(*old, updated, "/spec/selector"_json_pointer, "spec.selector", causes);
  if (resource.kind == "Cluster") {
    const auto& instances = at(updated, "/spec/instances"_json_pointer);
    if (!instances.is_null() && (!instances.is_number_integer() || instances.get<long>() < 1))
      causes.push_back({"spec.instances", "FieldValueInvalid", "Invalid value: " + instances.dump() + ": must be an integer >= 1"});
  }
  return causes;
}

}  // namespace

std::optional<Response> validate(const Resource& resource, const nlohmann::json* old, const nlohmann::json& updated) {
  const auto causes = causes_for(resource, old, updated);
  if (causes.empty()) return std::nullopt;
  const std::string name = at(updated, "/metadata/name"_json_pointer).is_string() ? updated["metadata"]["name"].get<std::string>() : "";
  std::string message = resource.group_kind() + " \"" + name + "\" is invalid: ";
  nlohmann::json listed = nlohmann::json::array();
  for (size_t i = 0; i < causes.size(); ++i) {
    message += (i ? ", " : "") + causes[i].field + ": " + causes[i].message;
    listed.push_back({{"reason", causes[i].reason}, {"message", causes[i].message}, {"field", causes[i].field}});
  }
  return status_response(422, "Invalid", message,
                         {{"name", name}, {"group", resource.group}, {"kind", resource.kind}, {"causes", listed}});
}

}  // namespace kube_test
