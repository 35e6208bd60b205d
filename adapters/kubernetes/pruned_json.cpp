#include "pruned_json.h"

#include <charconv>
#include <cstdint>

#include <simdjson.h>

#include "engine/live_pruning.h"

namespace synops::kube {

using nlohmann::json;
using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

// ---------------------------------------------------------------------------------------------
// What is never kept (engine/live_pruning.h), decided per member as the walk goes.

using pruning::child_level;
using pruning::dropped;
using pruning::Level;
using pruning::Rules;

// The value of the last member called `key` (nlohmann keeps the last of duplicate keys).
std::optional<element> last_member(element object, std::string_view key) {
  simdjson::dom::object members;
  if (object.get(members)) return std::nullopt;
  std::optional<element> found;
  for (auto [name, value] : members)
    if (name == key) found = value;
  return found;
}

std::optional<std::string_view> last_string(element object, std::string_view key) {
  auto value = last_member(object, key);
  std::string_view text;
  if (!value || value->get(text)) return std::nullopt;
  return text;
}

Rules rules_for(element root, std::string_view kind) {
  if (kind != "Secret") return pruning::rules_for(kind, false);  // only a Secret's labels matter
  const auto metadata = last_member(root, "metadata");
  const auto labels = metadata ? last_member(*metadata, "labels") : std::nullopt;
  return pruning::rules_for(kind, labels && last_string(*labels, "owner") == "helm");
}

Rules rules_for(element root) { return rules_for(root, last_string(root, "kind").value_or("")); }

// ---------------------------------------------------------------------------------------------
// DOM -> nlohmann::json. Numbers as nlohmann reads them: a negative integer is an integer, a
// non-negative one an unsigned, anything with a fraction or exponent a float.

void convert(element value, json& out, Level level, const Rules& rules) {
  switch (value.type()) {
    case element_type::OBJECT: {
      out = json::object();
      auto& members = out.get_ref<json::object_t&>();
      simdjson::dom::object object;
      if (value.get(object)) return;  // cannot fail: the type was just read
      for (auto [key, member] : object) {
        if (dropped(level, key, rules)) continue;
        const size_t before = members.size();
        auto it = members.try_emplace(members.end(), std::string(key));
        if (members.size() == before) it->second = json();  // a duplicate key: the last one wins
        convert(member, it->second, child_level(level, key), rules);
      }
      return;
    }
    case element_type::ARRAY: {
      out = json::array();
      auto& elements = out.get_ref<json::array_t&>();
      simdjson::dom::array array;
      if (value.get(array)) return;
      for (element member : array) convert(member, elements.emplace_back(), Level::other, rules);
      return;
    }
    case element_type::STRING: {
      std::string_view text;
      if (value.get(text)) return;  // cannot fail: the type was just read
      out = std::string(text);
      return;
    }
    case element_type::INT64: {
      std::int64_t number = 0;
      if (value.get(number)) return;  // cannot fail: the type was just read
      if (number < 0) out = number;
      else out = static_cast<std::uint64_t>(number);
      return;
    }
    case element_type::UINT64: {
      std::uint64_t number = 0;
      if (value.get(number)) return;  // cannot fail: the type was just read
      out = number;
      return;
    }
    case element_type::DOUBLE: {
      double number = 0;
      if (value.get(number)) return;  // cannot fail: the type was just read
      out = number;
      return;
    }
    case element_type::BOOL: {
      bool flag = false;
      if (value.get(flag)) return;  // cannot fail: the type was just read
      out = flag;
      return;
    }
    case element_type::NULL_VALUE: out = nullptr; return;
  }
}

// ---------------------------------------------------------------------------------------------
// DOM -> compact JSON text, which reads back (materialize_compact) as the same JSON.

void write_string(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t plain = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += "\\u00", out += kHex[c >> 4], out += kHex[c & 15]; break;
    }
  }
  out.append(text.data() + plain, text.size() - plain);
  out += '"';
}

template <class Number>
void write_number(Number number, std::string& out) {
  char buffer[40];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, number);
  out.append(buffer, end);
  if constexpr (std::is_floating_point_v<Number>) {
    // A float must read back as a float: 1.0 is written "1.0", not "1".
    if (std::string_view(buffer, end).find_first_of(".en") == std::string_view::npos) out += ".0";
  }
}

void write(element value, std::string& out, Level level, const Rules& rules);

// The members of `object` that are kept, each after a comma unless it is the first.
void write_members(simdjson::dom::object object, std::string& out, Level level, const Rules& rules, bool& first) {
  for (auto [key, member] : object) {
    if (dropped(level, key, rules)) continue;
    if (!first) out += ',';
    first = false;
    write_string(key, out);
    out += ':';
    write(member, out, child_level(level, key), rules);
  }
}

void write(element value, std::string& out, Level level, const Rules& rules) {
  switch (value.type()) {
    case element_type::OBJECT: {
      simdjson::dom::object object;
      if (value.get(object)) return;
      out += '{';
      bool first = true;
      write_members(object, out, level, rules, first);
      out += '}';
      return;
    }
    case element_type::ARRAY: {
      simdjson::dom::array array;
      if (value.get(array)) return;
      out += '[';
      bool first = true;
      for (element member : array) {
        if (!first) out += ',';
        first = false;
        write(member, out, Level::other, rules);
      }
      out += ']';
      return;
    }
    case element_type::STRING: {
      std::string_view text;
      if (value.get(text)) return;  // cannot fail: the type was just read
      write_string(text, out);
      return;
    }
    case element_type::INT64: {
      std::int64_t number = 0;
      if (value.get(number)) return;  // cannot fail: the type was just read
      // "-0" is an integer zero to nlohmann, "0" an unsigned one: equal, printed alike.
      write_number(number, out);
      return;
    }
    case element_type::UINT64: {
      std::uint64_t number = 0;
      if (value.get(number)) return;  // cannot fail: the type was just read
      write_number(number, out);
      return;
    }
    case element_type::DOUBLE: {
      double number = 0;
      if (value.get(number)) return;  // cannot fail: the type was just read
      write_number(number, out);
      return;
    }
    case element_type::BOOL: {
      bool flag = false;
      if (value.get(flag)) return;  // cannot fail: the type was just read
      out += flag ? "true" : "false";
      return;
    }
    case element_type::NULL_VALUE: out += "null"; return;
  }
}

bool identity_of(element root, ObjectIdentity& identity) {
  if (root.type() != element_type::OBJECT) return false;
  const auto kind = last_string(root, "kind");
  const auto metadata = last_member(root, "metadata");
  if (!kind || !metadata || metadata->type() != element_type::OBJECT) return false;
  const auto name = last_string(*metadata, "name");
  if (!name) return false;
  identity.kind = *kind;
  identity.name = *name;
  identity.ns = last_string(*metadata, "namespace").value_or("");
  identity.api_version = last_string(root, "apiVersion").value_or("");
  identity.resource_version = last_string(*metadata, "resourceVersion").value_or("");
  return true;
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
PrunedJsonParser::PrunedJsonParser(PrunedJsonParser&&) noexcept = default;
PrunedJsonParser& PrunedJsonParser::operator=(PrunedJsonParser&&) noexcept = default;

PrunedJsonParser::Item PrunedJsonParser::parse_item(std::string_view text, size_t readable, ObjectIdentity& identity,
                                                    std::string& compact, json& out) {
  element root;
  if (!impl_->parse(text, readable, root)) return Item::invalid;
  const Rules rules = rules_for(root);
  if (!identity_of(root, identity)) {
    convert(root, out, Level::root, rules);
    return Item::other;
  }
  write(root, compact, Level::root, rules);
  return Item::object;
}

PrunedJsonParser::Item PrunedJsonParser::parse_list_item(std::string_view text, size_t readable, std::string_view kind,
                                                         std::string_view api_version, ObjectIdentity& identity,
                                                         std::string& compact) {
  element root;
  if (!impl_->parse(text, readable, root)) return Item::invalid;
  simdjson::dom::object object;
  if (root.get(object)) return Item::other;
  const auto own_kind = last_member(root, "kind");
  const auto own_api_version = last_member(root, "apiVersion");
  std::string_view kind_text = kind;
  if (own_kind && own_kind->get(kind_text)) kind_text = "";  // a kind that is not a string names no kind
  const auto metadata = last_member(root, "metadata");
  const auto name = metadata ? last_string(*metadata, "name") : std::nullopt;
  if (!name || name->empty()) return Item::other;
  identity.kind = kind_text;
  identity.name = *name;
  identity.ns = last_string(*metadata, "namespace").value_or("");
  identity.api_version = own_api_version ? last_string(root, "apiVersion").value_or("") : std::string(api_version);
  identity.resource_version = last_string(*metadata, "resourceVersion").value_or("");
  // What the API leaves out of a LIST's items comes first; the rest follows as parse_item writes it.
  const Rules rules = rules_for(root, kind_text);
  compact += '{';
  bool first = true;
  if (!own_api_version) {
    compact += "\"apiVersion\":";
    write_string(api_version, compact);
    first = false;
  }
  if (!own_kind) {
    if (!first) compact += ',';
    compact += "\"kind\":";
    write_string(kind, compact);
    first = false;
  }
  write_members(object, compact, Level::root, rules, first);
  compact += '}';
  return Item::object;
}

bool PrunedJsonParser::parse_object(std::string_view text, size_t readable, json& out) {
  element root;
  if (!impl_->parse(text, readable, root)) return false;
  convert(root, out, Level::root, rules_for(root));
  return true;
}

bool PrunedJsonParser::validate(std::string_view text, size_t readable) {
  element root;
  return impl_->parse(text, readable, root);
}

std::optional<std::string> PrunedJsonParser::parse_string(std::string_view text, size_t readable, bool& valid) {
  element root;
  valid = impl_->parse(text, readable, root);
  std::string_view value;
  if (!valid || root.get(value)) return std::nullopt;
  return std::string(value);
}

namespace {

// A simdjson parser keeps buffers of about 12 bytes per byte of the largest document it has
// parsed. Bodies are a few kilobytes, but one homeserver.yaml ConfigMap of a large deployment
// is over a megabyte: a parser of its own for it, freed at once, instead of 15 MB kept by the
// thread's parser for the rest of the run (a tenth of the peak at 50,000 objects).
constexpr size_t kLargeBody = 256u << 10;

json materialize_with(simdjson::dom::parser& parser, std::string_view compact) {
  element root;
  json out;
  if (parser.parse(compact.data(), compact.size(), false).get(root)) return out;  // cannot happen: parse_item wrote it
  convert(root, out, Level::other, Rules{});
  return out;
}

}  // namespace

json materialize_compact(std::string_view compact, size_t readable) {
  if (readable < compact.size() + simdjson::SIMDJSON_PADDING) return json();  // cannot happen: see CompactBodies
  if (compact.size() > kLargeBody) {
    simdjson::dom::parser once;
    return materialize_with(once, compact);
  }
  thread_local simdjson::dom::parser parser;
  return materialize_with(parser, compact);
}

bool plain_json_string(std::string_view bytes) {
  for (unsigned char c : bytes)
    if (c < 0x20) return false;
  return simdjson::validate_utf8(bytes.data(), bytes.size());
}

}  // namespace synops::kube
