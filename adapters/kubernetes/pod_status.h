// What a pod's container statuses say about a rollout, beyond readiness: whether a pod is
// stuck in a way no amount of waiting fixes (a crash loop, an image that cannot be pulled),
// and whether a container of an image has ever started (so its program may have acted, e.g.
// migrated a database schema). Pure functions over the pod's JSON, as the API serves it.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace synops::kube {

// Restarts before a crash loop counts as stuck: one crash at start is often a dependency not
// yet reachable (the database during a failover), and the kubelet retries it; a second crash
// of the same container is the program itself failing.
inline constexpr int64_t kCrashLoopRestarts = 2;

// Why the pod cannot become ready by waiting, as one phrase ("container synapse is in
// CrashLoopBackOff (restarted 3 times)"), or nothing. Stuck: waiting in CrashLoopBackOff after
// kCrashLoopRestarts restarts, or in ImagePullBackOff, ErrImagePull, InvalidImageName,
// CreateContainerConfigError or CreateContainerError. Init containers count too.
std::optional<std::string> stuck_reason(const nlohmann::json& pod);

// Whether two image references name the same image, as a container runtime resolves a
// pod's image into its status: "nginx" is "docker.io/library/nginx:latest".
bool same_image(std::string_view a, std::string_view b);

// The image of each container by name, as the pod's status reports it (what runs; the API
// reader keeps a pod's status but not its spec).
std::map<std::string, std::string> running_images(const nlohmann::json& pod);

// Whether a container running `image` has started at least once in this pod: it runs, it
// ran and stopped, it was restarted, or the kubelet says started. An image that was never
// pulled (ErrImagePull, ImagePullBackOff) or a container still being created has not.
bool image_started(const nlohmann::json& pod, std::string_view image);

}  // namespace synops::kube
