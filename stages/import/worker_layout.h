// The worker layout read back from a live homeserver.yaml: which streams a StatefulSet's
// pods write, whether they send federation, and where instance_map says they listen. This
// is the inverse of derive_worker_config, so that the imported manifests derive the same
// keys again.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace synops::importer {

struct PoolLayout {
  std::vector<std::string> streams;  // in the order homeserver.yaml lists them
  bool federation_sender = false;
  std::string service_name;                     // the headless Service in its instance_map entries
  std::optional<std::int64_t> replication_port;  // the port in its instance_map entries
};

// An instance belongs to a StatefulSet when its name is the StatefulSet's pod name
// "<workload>-<ordinal>".
bool is_instance_of(const std::string& instance, const std::string& workload);

PoolLayout pool_layout(const nlohmann::json& homeserver, const std::string& workload);

struct MainLayout {
  std::string service;  // the first label of instance_map.main.host
  std::optional<std::int64_t> port;
};
std::optional<MainLayout> main_layout(const nlohmann::json& homeserver);

// Writers and federation senders that belong to none of `workloads`: the imported
// manifests cannot derive them, so a plan would remove them.
std::vector<std::string> unclaimed_instances(const nlohmann::json& homeserver, const std::vector<std::string>& workloads);

}  // namespace synops::importer
