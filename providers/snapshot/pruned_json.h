// One JSON value of a snapshot, parsed and validated by simdjson (its DOM parser, which picks
// the fastest kernel for the CPU at run time), then copied into nlohmann::json without the
// parts LiveState would drop (engine/live_state.h): an object's metadata.managedFields, its
// last-applied-configuration annotation and a Pod's spec are never copied. pruned_json.cpp is the only
// file that includes simdjson.
//
// Every byte is validated as strictly as nlohmann::json would: a value this accepts, nlohmann
// accepts, and parses to the same JSON (numbers keep nlohmann's integer/unsigned/float kinds;
// of duplicate keys, the last wins).
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace synops::snapshot {

// Bytes a buffer must hold past the text it gives to PrunedJsonParser.
inline constexpr size_t kParserPadding = 64;

class PrunedJsonParser {
 public:
  PrunedJsonParser();
  ~PrunedJsonParser();
  PrunedJsonParser(const PrunedJsonParser&) = delete;
  PrunedJsonParser& operator=(const PrunedJsonParser&) = delete;

  // `text` is exactly one JSON value, and `readable` >= text.size() + kParserPadding bytes
  // can be read from text.data(). False when it is not valid JSON (`out` is then unspecified).
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

// True when `bytes` is valid UTF-8 without control characters, as a JSON string's content
// without escapes must be.
bool plain_json_string(std::string_view bytes);

}  // namespace synops::snapshot
