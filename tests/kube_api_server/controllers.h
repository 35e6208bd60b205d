// Stand-ins for the controllers that move rollouts forward, run on a timer: the Deployment
// and StatefulSet controllers (a replica per step, revisions, observedGeneration), and the
// CloudNativePG, MinIO and cert-manager operators (phases and conditions). An image matching
// the "bad image" substring (crash-looping) or the "unpullable image" one never becomes
// ready, so a Deployment eventually reports ProgressDeadlineExceeded and a StatefulSet waits
// forever, as in a real cluster.
// Objects seeded at rest are left untouched: the controllers only write when a rollout runs.
// A Deployment or StatefulSet whose rollout has run once is "managed" from then on: its Pods
// (pods.h, statefulset_pods.h, deployment_pods.h) are kept every tick and its status counts
// come from them. Seeded workloads that never roll keep their seeded pods (or none) as they are.
#pragma once
#include <chrono>
#include <map>
#include <string>

#include "pods.h"
#include "store.h"

namespace kube_test {

struct ControllerConfig {
  std::string bad_image = ":broken";           // crash-looping: CrashLoopBackOff
  std::string unpullable_image = ":unpullable";  // never pulled: ErrImagePull, ImagePullBackOff
  std::string slow_image = ":slow";              // never leaves ContainerCreating: a rollout that only waits
  std::string bad_config;                        // pods that start on a ConfigMap holding it crash (config_crash.h)
  // true (--forced-rollback): a StatefulSet pod broken by a bad revision stays until someone
  // deletes it, even once the template is restored, as Kubernetes' OrderedReady controller
  // does (its documented "forced rollback"). false, the default until synops deletes such
  // pods itself: the controller replaces it as soon as the template moves off its revision.
  bool forced_rollback = false;
  int progress_deadline_ms = 0;  // > 0 replaces spec.progressDeadlineSeconds, so tests need not wait 10 minutes
  // true (--instant-rollouts): a rollout takes every step it can within one tick, so a wait
  // ends at its first or second poll (bench/apply_overhead measures apply without waiting).
  // An image that never becomes ready still never does.
  bool instant_rollouts = false;
};

class Controllers {
 public:
  Controllers(Store& store, ControllerConfig config) : store_(store), config_(std::move(config)) {}
  void tick();

 private:
  // What a controller remembers of an object between ticks (a real one keeps ReplicaSets
  // and ControllerRevisions; the hash of what was last rolled out is enough here).
  struct Track {
    std::string hash;
    bool rolling = false;
    int step = 0;
    std::chrono::steady_clock::time_point started;
    bool managed = false;  // its pods are kept (a rollout has run)
    std::map<std::string, std::string> revisions;  // StatefulSet: template hash -> revision name
    nlohmann::json rolled_template;  // seeded at rest: the template its (unseeded) pods run,
    std::string rolled_hash;         // and its hash
  };

  void deployment(nlohmann::json& object, Track& track);
  void statefulset(nlohmann::json& object, Track& track);
  void cnpg_cluster(nlohmann::json& object, Track& track);
  void tenant(nlohmann::json& object, Track& track);
  void certificate(nlohmann::json& object, Track& track);
  bool bad(const nlohmann::json& images) const;
  void deployment_conditions(nlohmann::json& object, Track& track, bool complete, const std::string& hash);
  ImageRules image_rules() const;

  Store& store_;
  ControllerConfig config_;
  std::map<std::string, Track> tracks_;
};

}  // namespace kube_test
