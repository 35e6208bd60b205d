#include "pruned_json.h"

#include <simdjson.h>

namespace synops::snapshot {

using nlohmann::json;
using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

// Where a value sits, for what is never copied: metadata.managedFields, the last-applied
// annotation, and the spec of a Pod (see engine/live_state.h).
enum class Level { other, root, metadata, annotations };

Level child_level(Level level, std::string_view key) {
  if (level == Level::root && key == "metadata") return Level::metadata;
  if (level == Level::metadata && key == "annotations") return Level::annotations;
  return Level::other;
}

bool dropped(Level level, std::string_view key, bool pod) {
  return (level == Level::metadata && key == "managedFields") ||
         (level == Level::annotations && key == "kubectl.kubernetes.io/last-applied-configuration") ||
         (level == Level::root && pod && key == "spec");
}

bool is_pod(element root) {
  std::string_view kind;
  return root.type() == element_type::OBJECT && !root["kind"].get(kind) && kind == "Pod";
}

// simdjson's DOM has validated every byte by now; this only copies what LiveState keeps.
// Numbers as nlohmann reads them: a negative integer is an integer, a non-negative one an
// unsigned, anything with a fraction or exponent a float.
void convert(element value, json& out, Level level, bool pod = false) {
  switch (value.type()) {
    case element_type::OBJECT: {
      out = json::object();
      auto& members = out.get_ref<json::object_t&>();
      simdjson::dom::object object;
      if (value.get(object)) return;  // cannot fail: the type was just read
      for (auto [key, member] : object) {
        if (dropped(level, key, pod)) continue;
        const size_t before = members.size();
        auto it = members.try_emplace(members.end(), std::string(key));
        if (members.size() == before) it->second = json();  // a duplicate key: the last one wins
        convert(member, it->second, child_level(level, key));
      }
      return;
    }
    case element_type::ARRAY: {
      out = json::array();
      auto& elements = out.get_ref<json::array_t&>();
      simdjson::dom::array array;
      if (value.get(array)) return;
      for (element member : array) convert(member, elements.emplace_back(), Level::other);
      return;
    }
    case element_type::STRING: out = std::string(value.get_string().value_unsafe()); return;
    case element_type::INT64: {
      const std::int64_t number = value.get_int64().value_unsafe();
      if (number < 0) out = number;
      else out = static_cast<std::uint64_t>(number);
      return;
    }
    case element_type::UINT64: out = value.get_uint64().value_unsafe(); return;
    case element_type::DOUBLE: out = value.get_double().value_unsafe(); return;
    case element_type::BOOL: out = value.get_bool().value_unsafe(); return;
    case element_type::NULL_VALUE: out = nullptr; return;
  }
}

}  // namespace

struct PrunedJsonParser::Impl {
  simdjson::dom::parser parser;

  // Parses `text` as one whole document; the DOM parser validates all of it.
  bool parse(std::string_view text, size_t readable, element& root) {
    if (readable < text.size() + simdjson::SIMDJSON_PADDING) return false;
    return !parser.parse(text.data(), text.size(), false).get(root);
  }
};

PrunedJsonParser::PrunedJsonParser() : impl_(std::make_unique<Impl>()) {}
PrunedJsonParser::~PrunedJsonParser() = default;

bool PrunedJsonParser::parse_object(std::string_view text, size_t readable, json& out) {
  element root;
  if (!impl_->parse(text, readable, root)) return false;
  convert(root, out, Level::root, is_pod(root));
  return true;
}

bool PrunedJsonParser::validate(std::string_view text, size_t readable) {
  element root;
  return impl_->parse(text, readable, root);
}

std::optional<std::string> PrunedJsonParser::parse_string(std::string_view text, size_t readable, bool& valid) {
  element root;
  valid = impl_->parse(text, readable, root);
  if (!valid || root.type() != element_type::STRING) return std::nullopt;
  return std::string(root.get_string().value_unsafe());
}

bool plain_json_string(std::string_view bytes) {
  for (unsigned char c : bytes)
    if (c < 0x20) return false;
  return simdjson::validate_utf8(bytes.data(), bytes.size());
}

}  // namespace synops::snapshot
