// Reading and writing the fields a plan step owns in a live object: a JSON Pointer, or a
// pointer into homeserver.yaml embedded in a ConfigMap ("/data/homeserver.yaml#/rc_message").
// Writes become one JSON merge patch that touches nothing but those fields.
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/change.h"
#include "engine/field_path.h"
#include "engine/result.h"

namespace synops::apply {

struct FieldValue {
  FieldPath path;
  nlohmann::json value;  // null: the field is absent (or to be removed)
};

// The fields a step's changes own, each at its before-value or its after-value.
enum class ChangeSide { before, after };
std::vector<FieldValue> change_values(const std::vector<Change>& changes, ChangeSide side);

// The value at `path` in `object`; null when absent. An embedded document that is not
// valid YAML is an error.
Result<nlohmann::json> field_value(const nlohmann::json& object, const FieldPath& path);

// True when every field holds its value in `object`.
Result<bool> fields_hold(const nlohmann::json& object, const std::vector<FieldValue>& fields);

// The text of an embedded YAML document (homeserver.yaml) with the fields that point into it
// (`path.embedded`) set, and null ones removed; only the lines of those keys change.
Result<std::string> rewrite_embedded(const std::string& text, const std::vector<FieldValue>& fields);

// The RFC 7386 merge patch that sets `fields` in `object`. A field under an array patches
// the whole array (merge patch cannot address an element), built from the live one; fields
// inside an embedded document rewrite only their keys in the document's text.
Result<nlohmann::json> merge_patch_for(const nlohmann::json& object, const std::vector<FieldValue>& fields);

}  // namespace synops::apply
