#include "instance_map_drift.h"

#include "engine/field_path.h"
#include "engine/json_pointer.h"
#include "adapters/yaml/yaml_tree.h"
#include "domain/synapse/derived_config.h"

namespace synops {

Result<std::vector<DriftItem>> instance_map_drift(const Desired& desired, const LiveState& live) {
  std::vector<DriftItem> out;
  if (!desired.synapse.config_map) return out;
  const LiveObject* config_map = live.find({"ConfigMap", desired.ns.value, desired.synapse.config_map->value});
  if (!config_map) return out;  // the planner reports a missing ConfigMap
  const auto data = config_map->body.value("data", nlohmann::json::object());
  const auto text = data.value(desired.synapse.config_key, std::string());
  if (text.empty()) return out;  // the planner reports a missing key
  auto document = parse_yaml_tree(text, config_map->ref.str() + " " + desired.synapse.config_key);
  if (!document) return std::unexpected(document.error());
  const bool has_workers = !desired.synapse.workers.empty();
  for (auto& problem : synapse_config_problems(document->value, has_workers))
    out.push_back({DriftKind::instance_map, config_map->ref, std::nullopt, pointer_join("/data", desired.synapse.config_key),
                   nullptr, nullptr, false, desired.synapse.config_map->at, std::move(problem)});
  return out;
}

}  // namespace synops
