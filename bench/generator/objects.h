// The live side of a generated deployment: every object as `kubectl get -o json` prints it
// (keys sorted, four-space indentation, managedFields, last-applied annotations, status),
// streamed into one v1 List so that even 50,000 objects never sit in memory at once.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

#include "model.h"

namespace synops::bench {

struct LiveWriteResult {
  std::int64_t objects = 0;
  std::uintmax_t bytes = 0;
};

// Writes the snapshot of `model` to `path`; the object count always equals model.size.
LiveWriteResult write_live_snapshot(const Model& model, const std::filesystem::path& path);

// The homeserver.yaml the live ConfigMap holds: instance_map, stream_writers and
// federation_sender_instances derived from the live replicas, as synops derives them.
std::string live_homeserver_yaml(const Model& model);

}  // namespace synops::bench
