// The manifests import writes: readable YAML that reads back as the same values.
#include <doctest/doctest.h>

#include "stages/import/yaml_writer.h"
#include "adapters/yaml/yaml_tree.h"

namespace synops {
namespace {

using ordered = nlohmann::ordered_json;

TEST_CASE("scalars are plain when unambiguous and quoted otherwise") {
  struct Case {
    ordered value;
    std::string block;
  };
  const Case cases[] = {
      {"matrixdotorg/synapse:v1.120.0", "matrixdotorg/synapse:v1.120.0"},
      {"4GB", "4GB"},
      {"TLSv1.3", "TLSv1.3"},
      {"500", "\"500\""},
      {"0.9", "\"0.9\""},
      {"1e3", "\"1e3\""},
      {"0x1F", "\"0x1F\""},
      {"1:20", "\"1:20\""},
      {"y", "\"y\""},  // a YAML 1.1 boolean
      {"on", "\"on\""},
      {"No", "\"No\""},
      {"null", "\"null\""},
      {"~", "\"~\""},
      {"", "\"\""},
      {" padded", "\" padded\""},
      {"a: b", "\"a: b\""},
      {"a #b", "\"a #b\""},
      {"- x", "\"- x\""},
      {"*alias", "\"*alias\""},
      {"line\nbreak", "\"line\\nbreak\""},
      {"a,b", "a,b"},
      {10, "10"},
      {0.15, "0.15"},
      {true, "true"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.value.dump());
    CHECK(yaml_scalar(c.value, false) == c.block);
  }
  CHECK(yaml_scalar("a,b", true) == "\"a,b\"");
  CHECK(yaml_scalar("{x}", true) == "\"{x}\"");
}

TEST_CASE("short mappings of scalars stay on one line, the rest is block style") {
  const ordered document = {
      {"synapse", {{"main", {{"kind", "StatefulSet"}, {"name", "synapse-main"}}},
                   {"workers", {{"event-persister", {{"kind", "StatefulSet"}, {"replicas", 2}, {"streams", {"events"}}}}}}}},
      {"minio", {{"pools", ordered::array({{{"name", "pool-0"}, {"servers", 4}}})}}},
      {"include", {"a.yaml", "b.yaml"}},
      {"empty", ordered::object()}};
  CHECK(to_yaml(document) ==
        "synapse:\n"
        "  main: {kind: StatefulSet, name: synapse-main}\n"
        "  workers:\n"
        "    event-persister: {kind: StatefulSet, replicas: 2, streams: [events]}\n"
        "minio:\n"
        "  pools:\n"
        "    - {name: pool-0, servers: 4}\n"
        "include: [a.yaml, b.yaml]\n"
        "empty: {}\n");
}

TEST_CASE("long or nested values are written in block style, sequences of mappings dash first") {
  const std::string long_name(130, 'x');
  const ordered document = {{"a", {{"b", long_name}, {"c", 1}}},
                            {"list", ordered::array({{{"name", "p"}, {"deep", {{"x", {{"z", 1}}}}}}})}};
  CHECK(to_yaml(document) ==
        "a:\n"
        "  b: " + long_name + "\n"
        "  c: 1\n"
        "list:\n"
        "  - name: p\n"
        "    deep:\n"
        "      x: {z: 1}\n");
}

TEST_CASE("what is written reads back as the same values") {
  const ordered document = {
      {"parameters", {{"max_connections", "500"}, {"fsync", "off"}, {"ratio", "0.9"}, {"empty", ""}, {"mode", "0777"}}},
      {"homeserver", {{"rc_message", {{"per_second", 0.15}, {"burst_count", 50}}}, {"name", "a: b # c"}}},
      {"names", {"example.org", "*.example.org", "[x]"}}};
  auto tree = parse_yaml_tree(to_yaml(document), "written.yaml");
  REQUIRE_MESSAGE(tree, (tree ? "" : tree.error().front().format()));
  CHECK(tree->value == nlohmann::json(document));
}

}  // namespace
}  // namespace synops
