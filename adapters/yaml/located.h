// Values from manifests keep the position they were written at.
#pragma once
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "engine/source_position.h"

namespace synops {

template <class T>
struct Located {
  T value{};
  SourcePosition at;
};

// A free-form subtree of a manifest (homeserver.yaml keys, PostgreSQL parameters,
// resources) as JSON, with the position of every node by JSON Pointer ("" is the root).
struct LocatedTree {
  nlohmann::json value = nlohmann::json::object();
  std::map<std::string, SourcePosition> positions;
  // Where the key of each mapping member was written, by the member's pointer: unknown
  // and duplicate keys are reported at the key, not at its value.
  std::map<std::string, SourcePosition> key_positions;
  // The text of every scalar as written (without quotes), by pointer: PostgreSQL settings,
  // image tags and other values YAML would type (`max_connections: 500`, `imageTag: 7.4`)
  // are taken literally from here.
  std::map<std::string, std::string> raw;

  SourcePosition position_of(const std::string& pointer) const {
    auto it = positions.find(pointer);
    return it == positions.end() ? SourcePosition{} : it->second;
  }
};

}  // namespace synops
