// What the desired state asks of one field of one live object, compared with live by
// diff_field: homeserver.yaml keys and postgres.resources (docs/architecture.md).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "field_path.h"
#include "source_position.h"

namespace synops {

enum class Ownership {
  keys,   // synops owns only the keys present in `desired` (rc_message.per_second ...)
  whole,  // synops owns the whole value: live keys missing from `desired` are removed (instance_map)
};

struct FieldIntent {
  FieldPath path;
  nlohmann::json desired;
  Ownership ownership = Ownership::keys;
  std::string reason;     // "image in values/images.yaml:3:12" or "derived from topology.yaml"
  SourcePosition origin;
};

}  // namespace synops
