// Compact bodies read back as the JSON they were written from, small or over a megabyte (a
// large deployment's homeserver.yaml ConfigMap, which is read with a parser of its own).
#include <doctest/doctest.h>

#include <string>

#include "adapters/kubernetes/pruned_json.h"

using namespace synops;
using namespace synops::kube;

namespace {

nlohmann::json homeserver_config_map(const std::string& name, size_t bytes) {
  std::string homeserver = "instance_map:\n";
  for (size_t i = 0; homeserver.size() < bytes; ++i)
    homeserver += "  synapse-event-persister-" + std::to_string(i) + ": {host: \"persister-" + std::to_string(i) + "\", port: 9093}\n";
  return {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", name}, {"namespace", "matrix"}}},
          {"data", {{"homeserver.yaml", homeserver}, {"quote", "a \"b\" \\ \u00e9\n"}}}};
}

// parse_item's compact text of `object`, followed by the padding materialize_compact reads.
std::string compact_text_of(PrunedJsonParser& parser, const nlohmann::json& object) {
  std::string text = object.dump();
  const size_t length = text.size();
  text.append(kParserPadding, ' ');
  ObjectIdentity identity;
  std::string compact;
  nlohmann::json other;
  REQUIRE(parser.parse_item(std::string_view(text.data(), length), text.size(), identity, compact, other) ==
          PrunedJsonParser::Item::object);
  CHECK(identity.name == object["metadata"]["name"]);
  return compact;
}

}  // namespace

TEST_CASE("compact bodies read back whole, from a few bytes to over a megabyte, in any order") {
  PrunedJsonParser parser;
  const auto small = homeserver_config_map("small", 100);
  const auto large = homeserver_config_map("large", 1500 << 10);
  REQUIRE(large["data"]["homeserver.yaml"].get<std::string>().size() > (1u << 20));
  std::string small_text = compact_text_of(parser, small);
  std::string large_text = compact_text_of(parser, large);
  const size_t small_length = small_text.size(), large_length = large_text.size();
  small_text.append(kParserPadding, ' ');
  large_text.append(kParserPadding, ' ');
  for (int round = 0; round < 2; ++round) {
    CHECK(materialize_compact(std::string_view(small_text.data(), small_length), small_text.size()) == small);
    CHECK(materialize_compact(std::string_view(large_text.data(), large_length), large_text.size()) == large);
  }
  // Without the padding's room, nothing is read.
  CHECK(materialize_compact(std::string_view(small_text.data(), small_length), small_length).is_null());
}
