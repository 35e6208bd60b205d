#include "homeserver_changes.h"

#include "engine/diff.h"
#include "adapters/yaml/yaml_tree.h"
#include "engine/json_pointer.h"

namespace synops {

namespace {

constexpr const char* kDerivedReason = "derived from the worker pools in topology.yaml (never edited by hand)";

// "/database/args/cp_max" -> "database.args.cp_max", for reasons a person reads.
std::string dotted_key(const std::string& pointer) {
  std::string out = pointer.substr(1);
  for (auto& c : out)
    if (c == '/') c = '.';
  return out;
}

void flatten_owned(const LocatedTree& owned, const nlohmann::json& node, const std::string& pointer,
                   const std::string& data_pointer, std::vector<FieldIntent>& out) {
  if (node.is_object() && !node.empty()) {
    for (const auto& [key, value] : node.items())
      flatten_owned(owned, value, pointer_join(pointer, key), data_pointer, out);
    return;
  }
  const SourcePosition at = owned.position_of(pointer);
  out.push_back(FieldIntent{FieldPath{data_pointer, pointer}, node, Ownership::keys,
                            dotted_key(pointer) + " in " + at.str(), at});
}

std::vector<FieldIntent> homeserver_intents(const SynapseDesired& synapse, const DerivedWorkerConfig& derived) {
  const std::string data_pointer = pointer_join("/data", synapse.config_key);
  std::vector<FieldIntent> intents;
  flatten_owned(synapse.homeserver, synapse.homeserver.value, "", data_pointer, intents);
  if (!synapse.workers.empty() || !derived.instance_map.empty()) {
    intents.push_back({{data_pointer, "/instance_map"}, derived.instance_map, Ownership::whole, kDerivedReason, {}});
    intents.push_back({{data_pointer, "/stream_writers"}, derived.stream_writers, Ownership::whole, kDerivedReason, {}});
    intents.push_back({{data_pointer, "/federation_sender_instances"}, derived.federation_sender_instances,
                       Ownership::whole, kDerivedReason, {}});
  }
  return intents;
}

bool is_derived(const FieldPath& path) {
  return path.embedded.starts_with("/instance_map") || path.embedded.starts_with("/stream_writers") ||
         path.embedded.starts_with("/federation_sender_instances");
}

// An empty derived value and an absent key mean the same to Synapse.
bool same_when_empty(const nlohmann::json& live, const nlohmann::json& desired) {
  return live.is_null() && (desired.empty());
}

}  // namespace

Result<HomeserverDiff> diff_homeserver(const SynapseDesired& synapse, const LiveObject& config_map,
                                       const DerivedWorkerConfig& derived) {
  const auto text = config_map.body.value("/data"_json_pointer, nlohmann::json::object()).value(synapse.config_key, "");
  if (text.empty())
    return fail(config_map.ref.str() + " has no data key \"" + synapse.config_key + "\" holding homeserver.yaml",
                synapse.config_map ? synapse.config_map->at : SourcePosition{});
  auto document = parse_yaml_tree(text, config_map.ref.str() + " " + synapse.config_key);
  if (!document) return std::unexpected(document.error());

  HomeserverDiff result;
  result.live_document = document->value;
  for (const auto& intent : homeserver_intents(synapse, derived)) {
    const nlohmann::json live = value_at(result.live_document, intent.path.embedded);
    if (same_when_empty(live, intent.desired)) continue;
    for (auto& change : diff_field(intent, live)) {
      result.derived_changed = result.derived_changed || is_derived(change.path);
      result.federation_senders_changed =
          result.federation_senders_changed || change.path.embedded.starts_with("/federation_sender_instances");
      result.changes.push_back(std::move(change));
    }
  }
  return result;
}

}  // namespace synops
