#include "derived_config.h"

#include <algorithm>
#include <array>
#include <map>

namespace synops {

namespace {

constexpr std::array<std::string_view, 4> kShardable = {"events", "receipts", "device_lists", "quarantined_media_changes"};
// Streams whose writers Synapse requires in instance_map at load time.
constexpr std::array<std::string_view, 7> kCheckedStreams = {"events",   "typing",   "to_device", "account_data",
                                                             "receipts", "presence", "push_rules"};

std::string pod_name(const WorkerPool& pool, std::int64_t ordinal) {
  return pool.workload.name.value + "-" + std::to_string(ordinal);
}

nlohmann::json pod_location(const WorkerPool& pool, std::int64_t ordinal, const std::string& ns) {
  const std::string service = pool.service_name.empty() ? pool.workload.name.value : pool.service_name;
  return {{"host", pod_name(pool, ordinal) + "." + service + "." + ns + ".svc.cluster.local"},
          {"port", pool.replication_port}};
}

nlohmann::json main_location(const SynapseDesired& synapse, const std::string& ns) {
  const std::string service =
      !synapse.main_service.empty() ? synapse.main_service : synapse.main ? synapse.main->name.value : "synapse-main";
  return {{"host", service + "." + ns + ".svc.cluster.local"}, {"port", synapse.main_replication_port}};
}

}  // namespace

bool stream_is_shardable(const std::string& stream) { return std::ranges::find(kShardable, stream) != kShardable.end(); }

DerivedWorkerConfig derive_worker_config(const SynapseDesired& synapse, const std::string& ns, const ReplicasOf& replicas) {
  DerivedWorkerConfig derived;
  if (!synapse.workers.empty()) derived.instance_map["main"] = main_location(synapse, ns);
  for (const auto& pool : synapse.workers) {
    const std::int64_t count = replicas(pool);
    for (std::int64_t ordinal = 0; ordinal < count; ++ordinal) {
      // Writers need an instance_map entry; federation senders do not (workers.md).
      if (!pool.streams.empty()) derived.instance_map[pod_name(pool, ordinal)] = pod_location(pool, ordinal, ns);
      for (const auto& stream : pool.streams) derived.stream_writers[stream.value].push_back(pod_name(pool, ordinal));
      if (pool.federation_sender) derived.federation_sender_instances.push_back(pod_name(pool, ordinal));
    }
  }
  return derived;
}

std::vector<Refusal> check_stream_writer_counts(const SynapseDesired& synapse, const ReplicasOf& replicas) {
  std::map<std::string, std::pair<std::int64_t, SourcePosition>> writers;  // stream -> count, first position
  for (const auto& pool : synapse.workers)
    for (const auto& stream : pool.streams) {
      auto& [count, at] = writers[stream.value];
      if (count == 0) at = stream.at;
      count += replicas(pool);
    }
  std::vector<Refusal> refusals;
  for (const auto& [stream, entry] : writers)
    if (!stream_is_shardable(stream) && entry.first > 1)
      refusals.push_back({"single-writer-stream",
                          "stream \"" + stream + "\" would have " + std::to_string(entry.first) +
                              " writers; Synapse allows exactly one (only events, receipts, device_lists and "
                              "quarantined_media_changes can be sharded)",
                          entry.second});
  return refusals;
}

std::vector<std::string> synapse_config_problems(const nlohmann::json& homeserver, bool has_workers) {
  std::vector<std::string> problems;
  const nlohmann::json instance_map = homeserver.value("instance_map", nlohmann::json::object());
  if (has_workers && !instance_map.contains("main"))
    problems.push_back("instance_map has no \"main\" entry, so every worker refuses to start");
  const nlohmann::json writers = homeserver.value("stream_writers", nlohmann::json::object());
  for (const auto& [stream, value] : writers.items()) {
    const nlohmann::json list = value.is_array() ? value : nlohmann::json::array({value});
    if (!stream_is_shardable(stream) && list.size() > 1)
      problems.push_back("stream \"" + stream + "\" has " + std::to_string(list.size()) + " writers; it allows one");
    const bool checked = std::ranges::find(kCheckedStreams, stream) != kCheckedStreams.end();
    for (const auto& writer : list)
      if (checked && writer.is_string() && writer != "master" && !instance_map.contains(writer.get<std::string>()))
        problems.push_back("\"" + writer.get<std::string>() + "\" writes " + stream + " but is not in instance_map");
  }
  return problems;
}

}  // namespace synops
