#include "image_drift.h"

#include <fmt/format.h>

#include "image_reference.h"

namespace synops {

namespace {

std::string template_image(const LiveObject& workload, const std::string& container) {
  for (const auto& c : workload.body.value("/spec/template/spec/containers"_json_pointer, nlohmann::json::array()))
    if (c.value("name", "") == container) return c.value("image", "");
  return {};
}

bool runs_template_image(const std::string& wanted, const nlohmann::json& status) {
  const std::string running = status.value("image", "");
  if (!image_digest(wanted).empty()) return image_digest(status.value("imageID", "")) == image_digest(wanted);
  // Some runtimes report only the image id ("sha256:...") here: nothing to compare with.
  if (running.starts_with("sha256:")) return true;
  return normalize_image(running) == normalize_image(wanted);
}

void check_pod(const ManagedWorkload& workload, const LiveObject& pod, std::vector<DriftItem>& out) {
  const auto statuses = pod.body.value("/status/containerStatuses"_json_pointer, nlohmann::json::array());
  for (size_t i = 0; i < statuses.size(); ++i) {
    const std::string wanted = template_image(*workload.live, statuses[i].value("name", ""));
    if (wanted.empty() || runs_template_image(wanted, statuses[i])) continue;
    out.push_back({DriftKind::image, pod.ref, workload.live->ref, fmt::format("/status/containerStatuses/{}/image", i),
                   statuses[i].value("image", ""), wanted, false, workload.at,
                   fmt::format("container {} runs another image than the pod template of {}",
                               statuses[i].value("name", ""), workload.live->ref.str())});
  }
}

}  // namespace

std::vector<DriftItem> image_drift(const std::vector<ManagedWorkload>& workloads, const WorkloadPods& pods) {
  std::vector<DriftItem> out;
  for (const auto& workload : workloads)
    for (const LiveObject* pod : pods.of(*workload.live)) check_pod(workload, *pod, out);
  return out;
}

}  // namespace synops
