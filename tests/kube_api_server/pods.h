// Pods as the kubelet shows them: what a workload controller creates from its template, and
// how each container's status moves on a tick. Three kinds of image:
//   healthy     ContainerCreating, then running and ready;
//   crashing    (--bad-image) starts, exits 1, restarts: CrashLoopBackOff with a growing
//               restartCount and lastState.terminated, never ready;
//   unpullable  (--unpullable-image) ErrImagePull, then ImagePullBackOff, in turn: never
//               started, restartCount 0;
//   slow        (--slow-image) ContainerCreating for ever (a volume that never mounts): not
//               ready, yet nothing says it never will be, so a client can only wait.
// Field names and values are the API's (core/v1 Pod, ContainerStatus), so clients that read
// a real cluster read these.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "store.h"

namespace kube_test {

enum class ImageHealth { healthy, crashing, unpullable, slow };

struct ImageRules {
  std::string bad = ":broken";             // crash-looping
  std::string unpullable = ":unpullable";  // never pulled
  std::string slow = ":slow";              // never leaves ContainerCreating
  // Whether the pod's processes crash on the configuration they read at start
  // (config_crash.h); unset: none does.
  std::function<bool(nlohmann::json& pod)> crashes_on_config;
  ImageHealth of(const std::string& image) const;
  ImageHealth of_containers(const nlohmann::json& containers) const;  // the worst of them
};

// What a controller stamps on a new pod besides the template.
struct PodOrigin {
  std::string name, generate_name;
  nlohmann::json labels;     // template labels plus the revision label
  nlohmann::json owner;      // one ownerReferences entry
  std::string hostname, subdomain;  // StatefulSet pods only
};

// A new pod, Pending with its containers ContainerCreating.
nlohmann::json new_pod(const nlohmann::json& pod_template, const std::string& ns, const PodOrigin& origin);

// One kubelet step for the pod's containers; the pod is changed only when something moved.
void kubelet_step(nlohmann::json& pod, const ImageRules& rules);

bool pod_ready(const nlohmann::json& pod);

// The pods whose controlling ownerReference is `kind`/`name` (Deployment pods name their
// ReplicaSet: pass its name prefix with kind ReplicaSet and prefix = true).
std::vector<nlohmann::json> owned_pods(const Store& store, const std::string& ns, const std::string& kind, const std::string& name,
                                       bool prefix = false);

// Writes the pod if it changed from what is stored (no resourceVersion churn otherwise).
void save_pod(Store& store, const nlohmann::json& pod);
void delete_pod(Store& store, const nlohmann::json& pod);

const Resource& pod_resource();

// "2026-12-05T13:51:19Z", as the API writes times.
std::string rfc3339_now();

}  // namespace kube_test
