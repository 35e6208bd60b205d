#include "written_secrets.h"

#include <set>

#include "adapters/yaml/yaml_tree.h"

namespace synops::apply {

namespace {

std::set<ObjectRef> objects_updated(const Plan& plan) {
  std::set<ObjectRef> refs;
  for (const auto& action : plan.actions)
    if (action.type == ActionType::update) refs.insert(action.target);
  return refs;
}

// The value of every env entry anywhere in `node` (containers, initContainers): an image
// change patches the whole containers array (merge patch cannot address an element), so the
// values travel with it and an API error may quote them.
void add_env_values(const nlohmann::json& node, Redactor& redactor) {
  if (node.is_array()) {
    for (const auto& item : node) add_env_values(item, redactor);
    return;
  }
  if (!node.is_object()) return;
  for (const auto& [key, value] : node.items()) {
    if (key == "env" && value.is_array()) {
      for (const auto& entry : value)
        if (entry.is_object() && entry.contains("value") && entry["value"].is_string()) redactor.add(entry["value"].get<std::string>());
      continue;
    }
    add_env_values(value, redactor);
  }
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
  for (const auto& ref : objects_updated(plan)) {
    auto object = client.get(ref);
    if (!object || !*object) continue;
    const nlohmann::json& body = (*object)->body.json();
    if (body.contains("data") && body["data"].is_object()) add_data_secrets(body["data"], ref.str(), redactor);
    if (body.contains("spec")) add_env_values(body["spec"], redactor);
  }
}

}  // namespace synops::apply
