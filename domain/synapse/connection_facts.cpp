#include "connection_facts.h"

#include "adapters/yaml/yaml_tree.h"
#include "domain/planning_kit/mounted_config_maps.h"

namespace synops {

std::int64_t cp_max_of(const nlohmann::json& homeserver) {
  static const nlohmann::json::json_pointer cp_max("/database/args/cp_max");
  if (homeserver.contains(cp_max) && homeserver.at(cp_max).is_number_integer()) return homeserver.at(cp_max).get<std::int64_t>();
  return kTwistedDefaultCpMax;
}

std::int64_t own_config_cp_max(const LiveState& live, const LiveObject& workload, const std::string& config_key) {
  for (const auto& mounted : mounted_config_maps(workload)) {
    const LiveObject* config_map = live.find(mounted);
    if (!config_map) continue;
    const std::string text = config_map->body.value("/data"_json_pointer, nlohmann::json::object()).value(config_key, "");
    if (text.empty()) continue;
    // An unreadable config is the workload's own problem; it is counted at Twisted's default.
    if (auto document = parse_yaml_tree(text, config_map->ref.str() + " " + config_key)) return cp_max_of(document->value);
  }
  return kTwistedDefaultCpMax;
}

}  // namespace synops
