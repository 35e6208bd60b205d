// parse_yaml_tree on arbitrary bytes: the one YAML reader of synops (manifests and the live
// homeserver.yaml). Whatever the input, it must return a tree or located diagnostics within
// its limits -- never crash, throw, hang or allocate without bound. On success, every
// position it records must name a node of the tree (located.h: "the position of every node
// by JSON Pointer"), since errors are reported at those positions.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz_files.h"
#include "adapters/yaml/yaml_tree.h"

namespace {

void require_node(const nlohmann::json& root, const std::string& pointer) {
  if (root.contains(nlohmann::json::json_pointer(pointer))) return;
  std::fprintf(stderr, "parse_yaml_tree recorded a position for \"%s\", which is no node of the tree\n", pointer.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto tree = synops::parse_yaml_tree(synops::fuzz::as_text(data, size), "fuzz.yaml");
  if (!tree) return 0;
  for (const auto& [pointer, at] : tree->positions) require_node(tree->value, pointer);
  for (const auto& [pointer, text] : tree->raw) require_node(tree->value, pointer);
  return 0;
}
