#include "import_sections.h"

namespace synops::importer {

namespace {

// The object's labels, or an empty object when it has none (or they are not an object).
const nlohmann::json& labels_or_empty(const LiveObject& object) {
  static const nlohmann::json none = nlohmann::json::object();
  const auto& metadata = object.body.contains("metadata") ? object.body["metadata"] : none;
  return metadata.contains("labels") && metadata["labels"].is_object() ? metadata["labels"] : none;
}

}  // namespace

std::string label(const LiveObject& object, const std::string& key) {
  const auto& labels = labels_or_empty(object);
  return labels.contains(key) && labels[key].is_string() ? labels[key].get<std::string>() : std::string();
}

std::vector<const LiveObject*> workloads_in(const LiveState& live, const std::string& ns) {
  std::vector<const LiveObject*> out;
  for (const auto& [ref, object] : live.objects())
    if (ref.ns == ns && (ref.kind == "StatefulSet" || ref.kind == "Deployment")) out.push_back(&object);
  return out;
}

nlohmann::ordered_json workload_entry(const LiveObject& workload, const std::string& default_container,
                                      int& container_index) {
  nlohmann::ordered_json entry = {{"kind", workload.ref.kind}, {"name", workload.ref.name}};
  const auto containers = workload.body.value("/spec/template/spec/containers"_json_pointer, nlohmann::json::array());
  container_index = containers.empty() ? -1 : 0;
  for (size_t i = 0; i < containers.size(); ++i)
    if (containers[i].value("name", "") == default_container) container_index = static_cast<int>(i);
  // Without a container of the default name, the first one is the application's.
  if (container_index >= 0 && containers[container_index].value("name", "") != default_container)
    entry["container"] = containers[container_index].value("name", "");
  return entry;
}

std::string container_image(const LiveObject& workload, int container_index) {
  if (container_index < 0) return {};
  const auto containers = workload.body.value("/spec/template/spec/containers"_json_pointer, nlohmann::json::array());
  return containers[container_index].value("image", "");
}

}  // namespace synops::importer
