// element: the Element Web workload (topology.yaml) and its image (values/images.yaml).
#include "manifest_keys.h"
#include "sections.h"

namespace synops {

void read_element_section(const Node& element, ElementDesired& desired, Diagnostics& problems) {
  if (!expect_mapping(element, problems)) return;
  check_keys(element, manifest_keys::workload, problems);
  desired.image = text_member(element, "image", Need::optional, problems);
  desired.workload = read_workload(element, "element-web", problems);
}

}  // namespace synops
