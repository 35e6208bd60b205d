#include "config_in_effect.h"

#include <chrono>
#include <optional>

#include "domain/synapse/config_hash.h"
#include "domain/synapse/synapse_topology.h"
#include "engine/field_path.h"
#include "engine/json_pointer.h"
#include "adapters/kubernetes/rfc3339.h"
#include "adapters/snapshot/snapshot_redaction.h"

namespace synops {

namespace {

using TimePoint = std::chrono::system_clock::time_point;

struct LiveConfig {
  const LiveObject* config_map = nullptr;
  std::string hash;
  std::optional<TimePoint> changed_at;
  std::string changed_at_text;
  SourcePosition at;  // synapse.configMap in the manifests
};

bool owns_key(const nlohmann::json& entry, const std::string& key) {
  const auto data = entry.value("/fieldsV1/f:data"_json_pointer, nlohmann::json::object());
  return data.is_object() && data.contains("f:" + key);
}

// The latest managedFields time of the managers owning `key`; of every manager when none does.
void find_last_write(const nlohmann::json& metadata, const std::string& key, LiveConfig& config) {
  const auto entries = metadata.value("managedFields", nlohmann::json::array());
  bool any_owner = false;
  for (const auto& entry : entries) any_owner = any_owner || owns_key(entry, key);
  for (const auto& entry : entries) {
    if (any_owner && !owns_key(entry, key)) continue;
    const std::string text = entry.value("time", "");
    const auto time = kube::parse_rfc3339(text);
    if (!time || (config.changed_at && *time <= *config.changed_at)) continue;
    config.changed_at = time;
    config.changed_at_text = text;
  }
}

std::optional<LiveConfig> live_config(const Desired& desired, const LiveState& live) {
  if (!desired.synapse.config_map) return std::nullopt;
  LiveConfig config;
  config.config_map = live.find({"ConfigMap", desired.ns.value, desired.synapse.config_map->value});
  if (!config.config_map) return std::nullopt;  // the planner reports a missing ConfigMap
  const auto data = config.config_map->body.value("data", nlohmann::json::object());
  if (!data.contains(desired.synapse.config_key) || !data[desired.synapse.config_key].is_string()) return std::nullopt;
  // A snapshot that redacted homeserver.yaml's secrets recorded the hash of the original text.
  config.hash = redacted_text_hash(config.config_map->body, desired.synapse.config_key)
                    .value_or(config_hash(data[desired.synapse.config_key].get<std::string>()));
  config.at = desired.synapse.config_map->at;
  find_last_write(config.config_map->body.value("metadata", nlohmann::json::object()), desired.synapse.config_key, config);
  return config;
}

std::string without_prefix(std::string hash) { return hash.starts_with("sha256:") ? hash.substr(7) : hash; }

void check_annotation(const ManagedWorkload& workload, const std::string& stamped, const LiveConfig& config,
                      std::vector<DriftItem>& out) {
  if (without_prefix(stamped) == config.hash) return;
  out.push_back({DriftKind::config_not_in_effect, workload.live->ref, std::nullopt,
                 pointer_join("/spec/template/metadata/annotations", kConfigHashAnnotation), stamped, config.hash, false,
                 config.at,
                 "the pods run an older homeserver.yaml than " + config.config_map->ref.str() +
                     " holds (Synapse reads it only at start): restart the workload"});
}

void check_start_times(const ManagedWorkload& workload, const LiveConfig& config, const WorkloadPods& pods,
                       std::vector<DriftItem>& out) {
  for (const LiveObject* pod : pods.of(*workload.live)) {
    const std::string started = pod->body.value("/status/startTime"_json_pointer, std::string());
    const auto started_at = kube::parse_rfc3339(started);
    if (!started_at || *started_at >= *config.changed_at) continue;
    out.push_back({DriftKind::config_not_in_effect, pod->ref, workload.live->ref, "/status/startTime", started,
                   config.changed_at_text, false, config.at,
                   "the pod started before " + config.config_map->ref.str() + " last changed, so it runs the old "
                   "homeserver.yaml (Synapse reads it only at start): restart " + workload.live->ref.str()});
  }
}

}  // namespace

std::vector<DriftItem> config_in_effect_drift(const Desired& desired, const std::vector<ManagedWorkload>& workloads,
                                              const WorkloadPods& pods, const LiveState& live,
                                              std::vector<std::string>& notes) {
  std::vector<DriftItem> out;
  const auto config = live_config(desired, live);
  if (!config) return out;
  int unknown = 0;
  for (const auto& workload : workloads) {
    if (!workload.synapse || !mounts_config_map(*workload.live, config->config_map->ref.name)) continue;
    const auto annotations =
        workload.live->body.value("/spec/template/metadata/annotations"_json_pointer, nlohmann::json::object());
    const auto stamped = annotations.find(std::string(kConfigHashAnnotation));
    if (stamped != annotations.end() && stamped->is_string()) check_annotation(workload, *stamped, *config, out);
    else if (config->changed_at) check_start_times(workload, *config, pods, out);
    else ++unknown;
  }
  if (unknown > 0)
    notes.push_back("cannot tell whether the pods of " + std::to_string(unknown) + " workload(s) run the current "
                    "homeserver.yaml: their pod templates have no " + std::string(kConfigHashAnnotation) +
                    " annotation and " + config->config_map->ref.str() + " records no write time (metadata.managedFields)");
  return out;
}

}  // namespace synops
