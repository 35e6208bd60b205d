#include "pod_status.h"

#include <array>

#include <fmt/format.h>

#include "json_fields.h"

namespace synops::kube {

namespace {

constexpr std::array<std::string_view, 5> kNeverByWaiting = {"ImagePullBackOff", "ErrImagePull", "InvalidImageName",
                                                              "CreateContainerConfigError", "CreateContainerError"};

std::optional<std::string> stuck_container(const nlohmann::json& container) {
  const std::string reason = text_at(container, {"state", "waiting", "reason"});
  const std::string name = text_at(container, {"name"});
  if (reason == "CrashLoopBackOff") {
    const int64_t restarts = int_at(container, {"restartCount"}).value_or(0);
    if (restarts < kCrashLoopRestarts) return std::nullopt;
    return fmt::format("container {} is in CrashLoopBackOff (restarted {} times)", name, restarts);
  }
  for (const auto never : kNeverByWaiting)
    if (reason == never) {
      const std::string message = text_at(container, {"state", "waiting", "message"});
      return fmt::format("container {} is in {}{}", name, reason, message.empty() ? "" : ": " + message);
    }
  return std::nullopt;
}

bool started(const nlohmann::json& container) {
  if (const auto& flag = field(container, {"started"}); flag.is_boolean() && flag.get<bool>()) return true;
  if (int_at(container, {"restartCount"}).value_or(0) > 0) return true;
  return field(container, {"state", "running"}).is_object() || field(container, {"state", "terminated"}).is_object() ||
         field(container, {"lastState", "terminated"}).is_object();
}

// "nginx" -> "docker.io/library/nginx:latest"; a reference with a registry (a first part
// with a dot or a port, or localhost) keeps it.
std::string canonical_image(std::string_view image) {
  std::string out(image);
  const size_t slash = out.find('/');
  const std::string first = slash == std::string::npos ? "" : out.substr(0, slash);
  const bool has_registry = !first.empty() && (first.find_first_of(".:") != std::string::npos || first == "localhost");
  if (!has_registry) out = (slash == std::string::npos ? "docker.io/library/" : "docker.io/") + out;
  const size_t last_part = out.rfind('/');
  if (out.find('@') == std::string::npos && out.find(':', last_part) == std::string::npos) out += ":latest";
  return out;
}

}  // namespace

std::optional<std::string> stuck_reason(const nlohmann::json& pod) {
  for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
    const auto& statuses = field(pod, {"status", list});
    if (!statuses.is_array()) continue;
    for (const auto& container : statuses)
      if (auto reason = stuck_container(container)) return reason;
  }
  return std::nullopt;
}

bool same_image(std::string_view a, std::string_view b) { return a == b || canonical_image(a) == canonical_image(b); }

std::map<std::string, std::string> running_images(const nlohmann::json& pod) {
  std::map<std::string, std::string> images;
  const auto& statuses = field(pod, {"status", "containerStatuses"});
  if (!statuses.is_array()) return images;
  for (const auto& status : statuses) images[text_at(status, {"name"})] = text_at(status, {"image"});
  return images;
}

bool image_started(const nlohmann::json& pod, std::string_view image) {
  const auto& statuses = field(pod, {"status", "containerStatuses"});
  if (!statuses.is_array()) return false;
  for (const auto& status : statuses)
    if (same_image(text_at(status, {"image"}), image) && started(status)) return true;
  return false;
}

}  // namespace synops::kube
