#include "written_secrets.h"

#include <set>

#include "adapters/yaml/yaml_tree.h"

namespace synops::apply {

namespace {

std::set<ObjectRef> config_maps_written(const Plan& plan) {
  std::set<ObjectRef> refs;
  for (const auto& action : plan.actions)
    if (action.type == ActionType::update && action.target.kind == "ConfigMap") refs.insert(action.target);
  return refs;
}

// Each data value that parses as YAML (homeserver.yaml, log config...), as a document.
void add_data_secrets(const nlohmann::json& data, const std::string& where, Redactor& redactor) {
  for (const auto& [key, value] : data.items()) {
    if (!value.is_string()) continue;
    auto document = parse_yaml_tree(value.get_ref<const std::string&>(), where + " " + key);
    if (document) redactor.add_sensitive_values(document->value);
  }
}

}  // namespace

void add_written_secrets(const kube::KubeClient& client, const Plan& plan, Redactor& redactor) {
  for (const auto& ref : config_maps_written(plan)) {
    auto object = client.get(ref);
    if (!object || !*object) continue;
    const nlohmann::json& body = (*object)->body.json();
    if (body.contains("data") && body["data"].is_object()) add_data_secrets(body["data"], ref.str(), redactor);
  }
}

}  // namespace synops::apply
