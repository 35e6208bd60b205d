#include "protobuf.h"

#include <cstdint>
#include <vector>

#include "base64.h"

namespace kube_test {

namespace {

// How a field's value becomes JSON. Maps are repeated entry messages (key 1, value 2).
enum class Shape { string, bytes, integer, boolean, message, string_map, bytes_map, strings };

struct Message;
struct Field {
  int number;
  const char* name;
  Shape shape;
  const Message* message = nullptr;
};
struct Message {
  std::vector<Field> fields;
};

// k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta, without the server-set times and the
// fields a client does not send on a write of these kinds (ownerReferences, managedFields).
const Message kObjectMeta{{{1, "name", Shape::string},
                           {2, "generateName", Shape::string},
                           {3, "namespace", Shape::string},
                           {5, "uid", Shape::string},
                           {6, "resourceVersion", Shape::string},
                           {7, "generation", Shape::integer},
                           {11, "labels", Shape::string_map},
                           {12, "annotations", Shape::string_map},
                           {14, "finalizers", Shape::strings}}};
const Message kSecret{{{1, "metadata", Shape::message, &kObjectMeta},
                       {2, "data", Shape::bytes_map},
                       {3, "type", Shape::string},
                       {4, "stringData", Shape::string_map},
                       {5, "immutable", Shape::boolean}}};
const Message kConfigMap{{{1, "metadata", Shape::message, &kObjectMeta},
                          {2, "data", Shape::string_map},
                          {3, "binaryData", Shape::bytes_map},
                          {4, "immutable", Shape::boolean}}};
const Message kTypeMeta{{{1, "apiVersion", Shape::string}, {2, "kind", Shape::string}}};

struct Reader {
  const std::string& data;
  size_t at = 0;
  size_t end = 0;
  bool ok = true;

  bool done() const { return !ok || at >= end; }
  uint64_t varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at >= end) break;
      const auto byte = static_cast<unsigned char>(data[at++]);
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return value;
    }
    ok = false;
    return 0;
  }
  std::string bytes() {
    const uint64_t length = varint();
    if (!ok || length > end - at) return ok = false, std::string();
    std::string out = data.substr(at, length);
    at += length;
    return out;
  }
  void skip(unsigned wire_type) {
    if (wire_type == 0) varint();
    else if (wire_type == 1) at += 8;
    else if (wire_type == 2) bytes();
    else if (wire_type == 5) at += 4;
    else ok = false;
    if (at > end) ok = false;
  }
};

std::optional<nlohmann::json> decode(const std::string& data, const Message& message);

// One map entry: {key, value} with value as bytes (base64 in JSON) or a string.
std::optional<std::pair<std::string, std::string>> map_entry(const std::string& data) {
  Reader in{data, 0, data.size()};
  std::pair<std::string, std::string> entry;
  while (!in.done()) {
    const uint64_t key = in.varint();
    if ((key & 7) != 2) {
      in.skip(key & 7);
      continue;
    }
    (key >> 3 == 1 ? entry.first : entry.second) = in.bytes();
  }
  if (!in.ok) return std::nullopt;
  return entry;
}

bool add_value(nlohmann::json& out, const Field& field, Reader& in, unsigned wire_type) {
  const bool length_delimited = field.shape != Shape::integer && field.shape != Shape::boolean;
  if (length_delimited != (wire_type == 2)) return in.skip(wire_type), in.ok;
  if (field.shape == Shape::integer) {
    if (const auto value = static_cast<int64_t>(in.varint()); value != 0) out[field.name] = value;
    return in.ok;
  }
  if (field.shape == Shape::boolean) {
    if (in.varint() != 0) out[field.name] = true;
    return in.ok;
  }
  const std::string bytes = in.bytes();
  if (!in.ok) return false;
  switch (field.shape) {
    case Shape::string:
      if (!bytes.empty()) out[field.name] = bytes;
      return true;
    case Shape::bytes: out[field.name] = base64(bytes); return true;
    case Shape::strings: out[field.name].push_back(bytes); return true;
    case Shape::message: {
      auto nested = decode(bytes, *field.message);
      if (!nested) return false;
      out[field.name] = std::move(*nested);
      return true;
    }
    default: {
      auto entry = map_entry(bytes);
      if (!entry) return false;
      out[field.name][entry->first] = field.shape == Shape::bytes_map ? base64(entry->second) : entry->second;
      return true;
    }
  }
}

std::optional<nlohmann::json> decode(const std::string& data, const Message& message) {
  Reader in{data, 0, data.size()};
  nlohmann::json out = nlohmann::json::object();
  while (!in.done()) {
    const uint64_t key = in.varint();
    const auto number = static_cast<int>(key >> 3);
    const auto wire_type = static_cast<unsigned>(key & 7);
    const Field* field = nullptr;
    for (const auto& candidate : message.fields)
      if (candidate.number == number) field = &candidate;
    if (field == nullptr) in.skip(wire_type);
    else if (!add_value(out, *field, in, wire_type)) return std::nullopt;
  }
  if (!in.ok) return std::nullopt;
  return out;
}

}  // namespace

std::optional<nlohmann::json> decode_protobuf_object(const std::string& body) {
  static const std::string kMagic("k8s\0", 4);
  if (!body.starts_with(kMagic)) return std::nullopt;
  // The envelope, runtime.Unknown: typeMeta (1) and the object's message as raw bytes (2).
  Reader in{body, kMagic.size(), body.size()};
  nlohmann::json type_meta;
  std::string raw;
  while (!in.done()) {
    const uint64_t key = in.varint();
    if ((key & 7) != 2) {
      in.skip(key & 7);
      continue;
    }
    const std::string value = in.bytes();
    if (key >> 3 == 1) type_meta = decode(value, kTypeMeta).value_or(nullptr);
    else if (key >> 3 == 2) raw = value;
  }
  if (!in.ok || !type_meta.is_object()) return std::nullopt;
  const std::string api_version = type_meta.value("apiVersion", "");
  const std::string kind = type_meta.value("kind", "");
  const Message* message = api_version != "v1" ? nullptr : kind == "Secret" ? &kSecret : kind == "ConfigMap" ? &kConfigMap : nullptr;
  if (message == nullptr) return std::nullopt;
  auto object = decode(raw, *message);
  if (!object) return std::nullopt;
  (*object)["apiVersion"] = api_version;
  (*object)["kind"] = kind;
  return object;
}

}  // namespace kube_test
