// resources: {requests, limits} of a container, each a mapping of quantities. Quantities are
// taken as text (`cpu: 2` -> "2"), which is how the API server returns them.
#include "kubernetes_names.h"
#include "manifest_keys.h"
#include "sections.h"

namespace synops {
namespace {

bool check_quantity(const Node& node, const std::string& text, Diagnostics& problems) {
  if (is_quantity(text)) return true;
  report(problems, node.at(), subject(node) + " must be a Kubernetes quantity such as 8Gi, 500m or 2, got \"" + text + "\"");
  return false;
}

}  // namespace

std::optional<LocatedTree> read_container_resources(const Node& resources, Diagnostics& problems) {
  if (!expect_mapping(resources, problems)) return std::nullopt;
  check_keys(resources, manifest_keys::resources, problems);
  LocatedTree tree = resources.subtree();
  for (std::string_view part : manifest_keys::resources) {
    const auto quantities = resources.get(part);
    if (!quantities || !expect_mapping(*quantities, problems)) continue;
    const auto checked = text_mapping(*quantities, problems, [&](const Node& node, const std::string& text) {
      return check_quantity(node, text, problems);
    });
    tree.value[std::string(part)] = checked.value;
  }
  return tree;
}

}  // namespace synops
