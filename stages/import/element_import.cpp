// Element Web: the one workload of the namespace named, or labelled, element*.
#include "import_sections.h"

namespace synops::importer {

namespace {

bool is_element(const LiveObject& workload) {
  return workload.ref.name.starts_with("element") || label(workload, "app.kubernetes.io/name").starts_with("element");
}

}  // namespace

void import_element(const Context& context, Manifests& out) {
  std::vector<const LiveObject*> found;
  for (const LiveObject* workload : workloads_in(context.live, context.ns))
    if (label(*workload, "app.kubernetes.io/name") != "synapse" && is_element(*workload)) found.push_back(workload);
  if (found.empty()) return;
  if (found.size() > 1)
    context.warnings.push_back(std::to_string(found.size()) + " workloads look like Element Web; imported " +
                               found.front()->ref.str());
  int container = -1;
  out.topology["element"] = workload_entry(*found.front(), "element-web", container);
  if (auto image = container_image(*found.front(), container); !image.empty()) out.images["element"]["image"] = image;
}

}  // namespace synops::importer
