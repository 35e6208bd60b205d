// One item of a snapshot or of a LIST page, parsed and validated by simdjson (its DOM parser, which picks the
// fastest kernel for the CPU at run time), kept as compact JSON without what LiveState does
// not keep (engine/live_state.h: managedFields, the last-applied annotation, a Pod's spec,
// Secret values), and turned into nlohmann::json only when someone reads it. The only file
// that includes simdjson is pruned_json.cpp.
//
// Every byte is validated as strictly as nlohmann::json would: text this accepts, nlohmann
// accepts, and it reads back as the JSON nlohmann would make of it, pruned (numbers keep
// nlohmann's integer/unsigned/float kinds; of duplicate keys, the last wins).
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace synops::kube {

// Bytes a buffer must hold past the text it gives to PrunedJsonParser.
inline constexpr size_t kParserPadding = 64;

// What identifies a live object, read from its JSON.
struct ObjectIdentity {
  std::string kind, ns, name, api_version, resource_version;
};

class PrunedJsonParser {
 public:
  PrunedJsonParser();
  ~PrunedJsonParser();
  PrunedJsonParser(PrunedJsonParser&&) noexcept;
  PrunedJsonParser& operator=(PrunedJsonParser&&) noexcept;

  enum class Item { invalid, object, other };
  // `text` is one JSON value with `readable` >= text.size() + kParserPadding bytes readable
  // from text.data(). An object with a kind and metadata.name is `object`: its identity is
  // filled and its pruned compact JSON appended to `compact`. Any other valid JSON is
  // `other`, parsed whole (pruned) into `json`.
  Item parse_item(std::string_view text, size_t readable, ObjectIdentity& identity, std::string& compact, nlohmann::json& json);
  // An item of a LIST page (`text` as above), which carries neither kind nor apiVersion: those
  // of the list (`kind`, `api_version`) are filled in, in the identity and in the compact JSON,
  // when the item lacks them, and decide how it is pruned. An object with metadata.name is
  // `object`; any other valid JSON is `other` (and nothing is written).
  Item parse_list_item(std::string_view text, size_t readable, std::string_view kind, std::string_view api_version,
                       ObjectIdentity& identity, std::string& compact);
  // Parses `text` into `out`, pruned; false when it is not valid JSON.
  bool parse_object(std::string_view text, size_t readable, nlohmann::json& out);
  // Only checks that `text` is one valid JSON value.
  bool validate(std::string_view text, size_t readable);
  // The string `text` holds; nullopt when it is valid JSON but not a string, or not valid.
  // `valid` tells the two apart.
  std::optional<std::string> parse_string(std::string_view text, size_t readable, bool& valid);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The JSON of compact text parse_item wrote (with kParserPadding readable bytes after it).
nlohmann::json materialize_compact(std::string_view compact, size_t readable);

// True when `bytes` is valid UTF-8 without control characters, as a JSON string's content
// without escapes must be.
bool plain_json_string(std::string_view bytes);

}  // namespace synops::kube
