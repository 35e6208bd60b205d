#include "patch.h"

#include <map>
#include <string>

namespace kube_test {

namespace {

// patchMergeKey of the list fields kubectl users patch most (from the Kubernetes API types).
const std::map<std::string, std::string>& merge_keys() {
  static const std::map<std::string, std::string> keys = {
      {"containers", "name"}, {"initContainers", "name"},     {"ephemeralContainers", "name"}, {"volumes", "name"},
      {"env", "name"},        {"volumeMounts", "mountPath"},  {"ports", "containerPort"},      {"imagePullSecrets", "name"},
      {"conditions", "type"}, {"volumeClaimTemplates", "name"}};
  return keys;
}

bool is_directive(const std::string& key) { return !key.empty() && key.front() == '$'; }

nlohmann::json without_directives(nlohmann::json value) {
  if (!value.is_object()) return value;
  for (auto it = value.begin(); it != value.end();) it = is_directive(it.key()) ? value.erase(it) : std::next(it);
  return value;
}

nlohmann::json merge_objects(nlohmann::json target, const nlohmann::json& patch, bool strategic, bool null_deletes);

// A list merged element by element on `key`: patched elements update theirs, new ones are
// appended, `$patch: delete` drops one.
nlohmann::json merge_keyed_list(nlohmann::json target, const nlohmann::json& patch, const std::string& key) {
  for (const auto& element : patch) {
    if (!element.is_object() || !element.contains(key)) return patch;  // not a keyed list after all
    const auto same = std::find_if(target.begin(), target.end(),
                                   [&](const nlohmann::json& existing) { return existing.is_object() && existing.value(key, nlohmann::json()) == element[key]; });
    const bool remove = element.value("$patch", "") == "delete";
    if (same != target.end() && remove) target.erase(same);
    else if (same != target.end()) *same = merge_objects(*same, element, true, true);
    else if (!remove) target.push_back(without_directives(element));
  }
  return target;
}

nlohmann::json merge_value(const std::string& key, nlohmann::json target, const nlohmann::json& patch, bool strategic,
                           bool null_deletes) {
  if (patch.is_object()) return merge_objects(target.is_object() ? std::move(target) : nlohmann::json::object(), patch, strategic, null_deletes);
  const auto keyed = merge_keys().find(key);
  if (strategic && patch.is_array() && target.is_array() && keyed != merge_keys().end())
    return merge_keyed_list(std::move(target), patch, keyed->second);
  return patch;
}

nlohmann::json merge_objects(nlohmann::json target, const nlohmann::json& patch, bool strategic, bool null_deletes) {
  if (strategic && patch.value("$patch", "") == "replace") return without_directives(patch);
  for (const auto& [key, value] : patch.items()) {
    if (strategic && is_directive(key)) continue;
    if (value.is_null() && null_deletes) {
      target.erase(key);
      continue;
    }
    target[key] = merge_value(key, target.contains(key) ? target[key] : nlohmann::json(), value, strategic, null_deletes);
  }
  return target;
}

}  // namespace

nlohmann::json merge_patch(nlohmann::json target, const nlohmann::json& patch) {
  if (!patch.is_object()) return patch;
  return merge_objects(target.is_object() ? std::move(target) : nlohmann::json::object(), patch, false, true);
}

nlohmann::json strategic_merge_patch(nlohmann::json target, const nlohmann::json& patch) {
  if (!patch.is_object()) return patch;
  return merge_objects(target.is_object() ? std::move(target) : nlohmann::json::object(), patch, true, true);
}

nlohmann::json apply_configuration(nlohmann::json target, const nlohmann::json& applied) {
  if (!applied.is_object()) return applied;
  return merge_objects(target.is_object() ? std::move(target) : nlohmann::json::object(), applied, true, false);
}

}  // namespace kube_test
