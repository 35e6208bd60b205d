// The homeserver.yaml keys that synops derives from the worker pools, so that operators
// never edit them by hand (guide §8.3): instance_map, stream_writers and
// federation_sender_instances. A StatefulSet pod's name is its worker name.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/plan.h"
#include "domain/manifests/desired.h"

namespace synops {

// Streams that Synapse lets several workers write; every other stream has one writer.
bool stream_is_shardable(const std::string& stream);

struct DerivedWorkerConfig {
  nlohmann::json instance_map = nlohmann::json::object();
  nlohmann::json stream_writers = nlohmann::json::object();
  nlohmann::json federation_sender_instances = nlohmann::json::array();
};

using ReplicasOf = std::function<std::int64_t(const WorkerPool&)>;

DerivedWorkerConfig derive_worker_config(const SynapseDesired& synapse, const std::string& ns, const ReplicasOf& replicas);

// Refusals for single-writer streams given several writers (rule single-writer-stream).
std::vector<Refusal> check_stream_writer_counts(const SynapseDesired& synapse, const ReplicasOf& replicas);

// The checks Synapse itself applies when it loads a worker configuration
// (synapse/config/workers.py): `main` in instance_map when workers exist, every writer of
// the checked streams in instance_map, single-writer streams with one writer.
// Returns one sentence per violation; empty when Synapse would accept the config.
std::vector<std::string> synapse_config_problems(const nlohmann::json& homeserver, bool has_workers);

}  // namespace synops
