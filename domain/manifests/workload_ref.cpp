// A workload named in topology.yaml: {kind, name, container}. Kinds and names always come
// from the manifests, so both are required; the container defaults per workload type.
#include "manifest_keys.h"
#include "sections.h"

namespace synops {

std::optional<WorkloadRef> read_workload(const Node& entry, std::string default_container, Diagnostics& problems) {
  WorkloadRef ref;
  ref.at = entry.at();
  ref.container = std::move(default_container);
  const auto kind_node = require(entry, "kind", problems);
  const auto kind = kind_node ? read_one_of(*kind_node, manifest_keys::workload_kinds, problems) : std::nullopt;
  const auto name = name_member(entry, "name", Need::required, problems);
  if (auto container = text_member(entry, "container", Need::optional, problems)) ref.container = container->value;
  if (!kind || !name) return std::nullopt;
  ref.kind = *kind;
  ref.name = *name;
  return ref;
}

}  // namespace synops
