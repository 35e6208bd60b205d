#include "object_fields.h"

#include <map>
#include <optional>

#include "adapters/yaml/yaml_text_edit.h"
#include "adapters/yaml/yaml_tree.h"
#include "engine/json_pointer.h"

namespace synops::apply {

namespace {

using Pointer = nlohmann::json::json_pointer;

// Merge patch semantics: a null in the patch removes the key, so an absent value is written as null.
void set_at(nlohmann::json& patch, const Pointer& pointer, const nlohmann::json& value) { patch[pointer] = value; }

// The shortest prefix of `pointer` that is an array in `object`, or nullopt.
std::optional<Pointer> array_prefix(const nlohmann::json& object, const Pointer& pointer) {
  Pointer prefix;
  const nlohmann::json* at = &object;
  std::string text = pointer.to_string();
  size_t start = 1;
  while (start <= text.size() && at != nullptr) {
    if (at->is_array()) return prefix;
    size_t end = text.find('/', start);
    if (end == std::string::npos) end = text.size();
    const Pointer step("/" + text.substr(start, end - start));
    prefix /= step;
    at = at->is_object() && at->contains(step) ? &at->at(step) : nullptr;
    start = end + 1;
  }
  return std::nullopt;
}

Result<nlohmann::json> parse_embedded(const nlohmann::json& object, const FieldPath& path) {
  try {
    const Pointer outer(path.pointer);
    if (!object.contains(outer) || !object.at(outer).is_string()) return nlohmann::json();
    auto tree = parse_yaml_tree(object.at(outer).get<std::string>(), path.pointer);
    if (!tree) return std::unexpected(tree.error());
    return tree->value;
  } catch (const nlohmann::json::exception& error) {
    return fail("cannot read " + path.str() + ": " + error.what());
  }
}

// The value at path.embedded inside the parsed embedded document.
Result<nlohmann::json> embedded_value(const nlohmann::json& document, const FieldPath& path) {
  try {
    return value_at(document, path.embedded);
  } catch (const nlohmann::json::exception& error) {
    return fail("cannot read " + path.str() + ": " + error.what());
  }
}

}  // namespace

Result<nlohmann::json> field_value(const nlohmann::json& object, const FieldPath& path) {
  try {
    if (path.embedded.empty()) return value_at(object, path.pointer);
  } catch (const nlohmann::json::exception& error) {
    return fail("cannot read " + path.str() + ": " + error.what());
  }
  auto document = parse_embedded(object, path);
  if (!document) return document;
  return embedded_value(*document, path);
}

Result<bool> fields_hold(const nlohmann::json& object, const std::vector<FieldValue>& fields) {
  // Most fields of a config change live in one embedded homeserver.yaml: it is parsed once
  // for all of them, not once per field (a YAML parse of a large instance_map is most of a
  // write step's CPU).
  std::map<std::string, nlohmann::json> documents;
  for (const auto& field : fields) {
    Result<nlohmann::json> live;
    if (field.path.embedded.empty()) {
      live = field_value(object, field.path);
    } else {
      auto [document, fresh] = documents.try_emplace(field.path.pointer);
      if (fresh) {
        auto parsed = parse_embedded(object, field.path);
        if (!parsed) return std::unexpected(parsed.error());
        document->second = std::move(*parsed);
      }
      live = embedded_value(document->second, field.path);
    }
    if (!live) return std::unexpected(live.error());
    if (*live != field.value) return false;
  }
  return true;
}

Result<std::string> rewrite_embedded(const std::string& text, const std::vector<FieldValue>& fields) {
  std::vector<YamlEdit> edits;
  for (const auto& field : fields) {
    if (field.path.embedded.empty()) continue;
    std::optional<nlohmann::json> value;
    if (!field.value.is_null()) value = field.value;
    edits.push_back(YamlEdit{pointer_tokens(field.path.embedded), value});
  }
  return edit_yaml_text(text, edits);
}

Result<nlohmann::json> merge_patch_for(const nlohmann::json& object, const std::vector<FieldValue>& fields) {
  try {
    nlohmann::json patch = nlohmann::json::object();
    nlohmann::json updated = object;  // whole arrays are copied from here
    std::map<std::string, std::vector<FieldValue>> embedded;  // outer pointer -> its fields
    for (const auto& field : fields) {
      if (!field.path.embedded.empty()) {
        embedded[field.path.pointer].push_back(field);
        continue;
      }
      const Pointer pointer(field.path.pointer);
      if (auto array = array_prefix(object, pointer)) {
        if (field.value.is_null()) updated.at(pointer.parent_pointer()).erase(std::stoul(pointer.back()));
        else updated[pointer] = field.value;
        set_at(patch, *array, updated.at(*array));
      } else {
        set_at(patch, pointer, field.value);
      }
    }
    for (const auto& [outer, fields_inside] : embedded) {
      const Pointer pointer(outer);
      const std::string text = object.contains(pointer) && object.at(pointer).is_string() ? object.at(pointer).get<std::string>() : "";
      auto rewritten = rewrite_embedded(text, fields_inside);
      if (!rewritten) return std::unexpected(rewritten.error());
      set_at(patch, pointer, *rewritten);
    }
    return patch;
  } catch (const std::exception& error) {
    return fail(std::string("cannot build the patch: ") + error.what());
  }
}

std::vector<FieldValue> change_values(const std::vector<Change>& changes, ChangeSide side) {
  std::vector<FieldValue> fields;
  for (const auto& change : changes) fields.push_back({change.path, side == ChangeSide::before ? change.before : change.after});
  return fields;
}

}  // namespace synops::apply
