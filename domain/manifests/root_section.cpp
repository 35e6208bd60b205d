// synops.yaml: `namespace` (required, an RFC 1123 label) and where live state comes from:
// `live: {snapshot: FILE}` or `live: {kubernetes: {kubeconfig, context}}`, never both.
#include "manifest_keys.h"
#include "sections.h"

namespace synops {
namespace {

void read_kubernetes(const Node& kubernetes, LiveSource& live, Diagnostics& problems) {
  if (kubernetes.value().is_null()) return;  // `kubernetes:` alone: the default kubeconfig
  if (!expect_mapping(kubernetes, problems)) return;
  check_keys(kubernetes, manifest_keys::kubernetes, problems);
  live.kubeconfig = text_member(kubernetes, "kubeconfig", Need::optional, problems);
  live.context = text_member(kubernetes, "context", Need::optional, problems);
}

void read_live(const Node& node, LiveSource& live, Diagnostics& problems) {
  if (!expect_mapping(node, problems)) return;
  check_keys(node, manifest_keys::live, problems);
  live.snapshot = text_member(node, "snapshot", Need::optional, problems);
  const auto kubernetes = node.get("kubernetes");
  if (kubernetes) read_kubernetes(*kubernetes, live, problems);
  if (kubernetes && node.get("snapshot"))
    report(problems, kubernetes->key_at(), "\"live\" sets both \"snapshot\" and \"kubernetes\"; choose one");
}

}  // namespace

void read_root_section(const Node& root, Desired& desired, Diagnostics& problems) {
  check_keys(root, manifest_keys::root, problems);
  if (auto node = require(root, "namespace", problems))
    if (auto ns = read_namespace(*node, problems)) desired.ns = *ns;
  if (auto live = root.get("live")) read_live(*live, desired.live, problems);
}

}  // namespace synops
