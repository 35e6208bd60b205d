#include "config_crash.h"

namespace kube_test {

namespace {

using json = nlohmann::json;

// The names of the ConfigMaps the pod mounts, directly or through a projected volume.
std::vector<std::string> mounted_config_maps(const json& pod) {
  std::vector<std::string> names;
  const json volumes = pod["spec"].value("volumes", json::array());
  for (const auto& volume : volumes) {
    if (volume.contains("configMap")) names.push_back(volume["configMap"].value("name", ""));
    if (!volume.contains("projected")) continue;
    const json sources = volume["projected"].value("sources", json::array());
    for (const auto& source : sources)
      if (source.contains("configMap")) names.push_back(source["configMap"].value("name", ""));
  }
  return names;
}

bool holds(const Store& store, const std::string& ns, const std::string& name, const std::string& text) {
  const Stored* config_map = store.find(*find_resource("", "v1", "configmaps"), ns, name);
  if (config_map == nullptr) return false;
  const json data = config_map->body.value("data", json::object());
  for (const auto& [key, value] : data.items())
    if (value.is_string() && value.get<std::string>().find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

bool crashes_on_config(const Store& store, json& pod, const std::string& bad_config) {
  auto& annotations = pod["metadata"]["annotations"];
  if (!annotations.is_object()) annotations = json::object();
  if (!annotations.contains(kConfigReadAnnotation)) {
    bool breaks = false;
    const std::string ns = pod["metadata"].value("namespace", "");
    for (const auto& name : mounted_config_maps(pod)) breaks = breaks || holds(store, ns, name, bad_config);
    annotations[kConfigReadAnnotation] = breaks ? "breaks" : "ok";
  }
  return annotations[kConfigReadAnnotation] == "breaks";
}

}  // namespace kube_test
