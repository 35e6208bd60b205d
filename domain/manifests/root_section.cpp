// synops.yaml: `namespace` (required, an RFC 1123 label), where live state comes from:
// `live: {snapshot: FILE}` or `live: {kubernetes: {kubeconfig, context}}`, never both, and
// how apply enters maintenance mode (`maintenance`).
// The snapshot lies inside the manifest directory (manifest_boundary.h); the kubeconfig is a
// credential of the machine and may lie anywhere.
#include "manifest_boundary.h"
#include "manifest_keys.h"
#include "sections.h"
#include "adapters/snapshot/snapshot_reader.h"

namespace synops {
namespace {

void read_kubernetes(const Node& kubernetes, LiveSource& live, Diagnostics& problems) {
  if (kubernetes.value().is_null()) return;  // `kubernetes:` alone: the default kubeconfig
  if (!expect_mapping(kubernetes, problems)) return;
  check_keys(kubernetes, manifest_keys::kubernetes, problems);
  live.kubeconfig = text_member(kubernetes, "kubeconfig", Need::optional, problems);
  live.context = text_member(kubernetes, "context", Need::optional, problems);
}

// The snapshot as the CLI will read it, and each file in it when it is a directory: a
// snapshot is diffed as live state, so a file outside would show in the plan, not just in
// an error.
void check_snapshot_inside(const Located<std::string>& snapshot, const std::filesystem::path& dir, Diagnostics& problems) {
  const std::filesystem::path written = snapshot.value;
  std::string why = path_leaves_directory(dir, written);
  if (why.empty())
    for (const auto& file : snapshot_files(dir / written))
      if (why = path_leaves_directory(dir, std::filesystem::absolute(file)); !why.empty()) break;
  if (!why.empty()) report(problems, snapshot.at, outside_directory_message("live.snapshot", snapshot.value, why, dir));
}

void read_live(const Node& node, const std::filesystem::path& dir, LiveSource& live, Diagnostics& problems) {
  if (!expect_mapping(node, problems)) return;
  check_keys(node, manifest_keys::live, problems);
  live.snapshot = text_member(node, "snapshot", Need::optional, problems);
  if (live.snapshot) check_snapshot_inside(*live.snapshot, dir, problems);
  const auto kubernetes = node.get("kubernetes");
  if (kubernetes) read_kubernetes(*kubernetes, live, problems);
  if (kubernetes && node.get("snapshot"))
    report(problems, kubernetes->key_at(), "\"live\" sets both \"snapshot\" and \"kubernetes\"; choose one");
}

// maintenance.page: {ingress (required), image}.
void read_maintenance_page(const Node& page, MaintenanceDesired& maintenance, Diagnostics& problems) {
  if (!expect_mapping(page, problems)) return;
  check_keys(page, manifest_keys::maintenance_page, problems);
  if (auto ingress = name_member(page, "ingress", Need::required, problems)) maintenance.ingress = ingress->value;
  if (auto image = text_member(page, "image", Need::optional, problems)) maintenance.page_image = image->value;
}

// maintenance: {mode: scale-to-zero|page, when: critical|always, page: {...}}; `page` goes
// with mode page, and mode page needs it (which Ingress to point at the page).
void read_maintenance(const Node& node, MaintenanceDesired& maintenance, Diagnostics& problems) {
  if (!expect_mapping(node, problems)) return;
  check_keys(node, manifest_keys::maintenance, problems);
  const auto mode = node.get("mode");
  if (mode)
    if (auto method = read_one_of(*mode, manifest_keys::maintenance_modes, problems))
      maintenance.method = *maintenance_method_from_string(method->value);
  if (auto when = node.get("when"))
    if (auto chosen = read_one_of(*when, manifest_keys::maintenance_when, problems)) maintenance.always = chosen->value == "always";
  const auto page = node.get("page");
  if (page) read_maintenance_page(*page, maintenance, problems);
  const bool page_mode = mode && mode->raw() == "page";
  if (page_mode && !page)
    report(problems, mode->at(), "maintenance.mode page needs maintenance.page.ingress: the Ingress to point at the maintenance page");
  if (page && !page_mode)
    report(problems, page->key_at(), "maintenance.page applies to mode page only; set maintenance.mode: page, or remove it");
}

}  // namespace

void read_root_section(const Node& root, const std::filesystem::path& dir, Desired& desired, Diagnostics& problems) {
  check_keys(root, manifest_keys::root, problems);
  if (auto node = require(root, "namespace", problems))
    if (auto ns = read_namespace(*node, problems)) desired.ns = *ns;
  if (auto live = root.get("live")) read_live(*live, dir, desired.live, problems);
  if (auto maintenance = root.get("maintenance")) read_maintenance(*maintenance, desired.maintenance, problems);
}

}  // namespace synops
