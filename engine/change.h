// One field-level difference between live and desired, with the reason it exists.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "field_path.h"
#include "source_position.h"

namespace synops {

struct Change {
  FieldPath path;
  nlohmann::json before;  // null when the field is absent live
  nlohmann::json after;   // null when the field is removed
  bool sensitive = false; // values are rendered as "(sensitive)"
  std::string reason;     // "image in values/images.yaml:3:12"
  SourcePosition origin;  // the manifest value that asks for it (empty for derived values)
};

}  // namespace synops
