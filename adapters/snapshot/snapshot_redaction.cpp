#include "snapshot_redaction.h"

#include "engine/field_path.h"
#include "engine/json_pointer.h"
#include "engine/redacted_value.h"
#include "engine/sensitivity.h"
#include "engine/sha256.h"
#include "adapters/yaml/yaml_tree.h"
#include "adapters/yaml/yaml_text_edit.h"

namespace synops {

namespace {

// One value to replace inside a document: its keys from the root (array indexes as text),
// whether the path goes through an array (the text editor cannot follow it), and the marker.
struct Redaction {
  std::string pointer;
  std::vector<std::string> keys;
  bool through_array = false;
  std::string marker;
};

// Collects the values at credential keys. A mapping at such a key is searched further and
// every value inside it is replaced (so that plans still compare key by key); a scalar or a
// sequence is replaced whole; null stays (it holds nothing).
void collect(const nlohmann::json& node, const std::string& pointer, std::vector<std::string>& keys, bool through_array,
             bool under_credential, const std::string& where, std::vector<Redaction>& out) {
  auto visit = [&](const std::string& key, const nlohmann::json& child, bool in_array) {
    const std::string child_pointer = pointer_join(pointer, key);
    const bool credential = under_credential || (!in_array && is_sensitive_key(key));
    keys.push_back(key);
    if (credential && !child.is_object() && !child.is_null())
      out.push_back({child_pointer, keys, through_array || in_array, redacted_marker(child, where + "#" + child_pointer)});
    else collect(child, child_pointer, keys, through_array || in_array, credential, where, out);
    keys.pop_back();
  };
  if (node.is_object())
    for (auto it = node.begin(); it != node.end(); ++it) visit(it.key(), it.value(), false);
  else if (node.is_array())
    for (size_t i = 0; i < node.size(); ++i) visit(std::to_string(i), node[i], true);
}

// The document with its redactions: edited in place when every path is one the text editor
// follows, else the parsed document re-written as JSON (which every YAML reader reads).
std::string redacted_text(const std::string& text, nlohmann::json document, const std::vector<Redaction>& redactions) {
  bool editable = true;
  std::vector<YamlEdit> edits;
  for (const auto& redaction : redactions) {
    editable = editable && !redaction.through_array;
    edits.push_back({redaction.keys, nlohmann::json(redaction.marker)});
  }
  if (editable)
    if (auto edited = edit_yaml_text(text, edits)) return *edited;
  for (const auto& redaction : redactions) document[nlohmann::json::json_pointer(redaction.pointer)] = redaction.marker;
  return document.dump(2) + "\n";
}

// The redacted text of one ConfigMap data value, or none when it holds no credential.
std::optional<std::string> redact_data_value(const std::string& key, const std::string& text, const std::string& where) {
  if (is_sensitive_key(key)) return redacted_marker(text, where);
  auto document = parse_yaml_tree(text, where);
  if (!document || !(document->value.is_object() || document->value.is_array())) return std::nullopt;
  std::vector<Redaction> redactions;
  std::vector<std::string> keys;
  collect(document->value, "", keys, false, false, where, redactions);
  if (redactions.empty()) return std::nullopt;
  return redacted_text(text, std::move(document->value), redactions);
}

void redact_config_map(const ObjectRef& ref, nlohmann::json& body) {
  auto data = body.find("data");
  if (data == body.end() || !data->is_object()) return;
  nlohmann::json hashes = nlohmann::json::object();
  for (auto it = data->begin(); it != data->end(); ++it) {
    const std::string& key = it.key();
    nlohmann::json& value = it.value();
    if (!value.is_string()) continue;
    const std::string text = value.get<std::string>();
    if (auto redacted = redact_data_value(key, text, ref.str() + " " + key)) {
      hashes[key] = sha256_hex(text);  // the digest domain/synapse/config_hash stamps on pods
      value = std::move(*redacted);
    }
  }
  if (!hashes.empty()) body["metadata"]["annotations"][std::string(kRedactedTextHashes)] = hashes.dump();
}

// env entries anywhere in the body (containers, initContainers, of any workload kind).
void redact_env(const ObjectRef& ref, nlohmann::json& node, const std::string& pointer) {
  if (node.is_object()) {
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string& key = it.key();
      nlohmann::json& child = it.value();
      const std::string child_pointer = pointer_join(pointer, key);
      if (key == "env" && child.is_array()) {
        for (size_t i = 0; i < child.size(); ++i) {
          auto& entry = child[i];
          if (!entry.is_object() || !entry.contains("value") || !entry["name"].is_string()) continue;
          if (!is_sensitive_key(entry["name"].get<std::string>())) continue;
          entry["value"] = redacted_marker(entry["value"], ref.str() + "#" + child_pointer + "/" + std::to_string(i) + "/value");
        }
      } else {
        redact_env(ref, child, child_pointer);
      }
    }
  } else if (node.is_array()) {
    for (size_t i = 0; i < node.size(); ++i) redact_env(ref, node[i], pointer_join(pointer, std::to_string(i)));
  }
}

}  // namespace

LiveState with_secrets_redacted(const LiveState& live) {
  LiveState redacted;
  for (const auto& [ref, object] : live.objects()) {
    LiveObject copy = object;
    nlohmann::json& body = copy.body.json();
    if (ref.kind == "ConfigMap") redact_config_map(ref, body);
    else redact_env(ref, body, "");
    redacted.add(std::move(copy));
  }
  return redacted;
}

std::optional<std::string> redacted_text_hash(const nlohmann::json& config_map, const std::string& data_key) {
  const auto at = nlohmann::json::json_pointer("/metadata/annotations") / std::string(kRedactedTextHashes);
  if (!config_map.contains(at) || !config_map.at(at).is_string()) return std::nullopt;
  const auto hashes = nlohmann::json::parse(config_map.at(at).get<std::string>(), nullptr, false);
  if (!hashes.is_object() || !hashes.contains(data_key) || !hashes[data_key].is_string()) return std::nullopt;
  return hashes[data_key].get<std::string>();
}

}  // namespace synops
