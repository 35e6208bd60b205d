// Stand-ins for the controllers that move rollouts forward, run on a timer: the Deployment
// and StatefulSet controllers (a replica per step, revisions, observedGeneration), and the
// CloudNativePG, MinIO and cert-manager operators (phases and conditions). An image matching
// the "bad image" substring never becomes ready, so a Deployment eventually reports
// ProgressDeadlineExceeded and a StatefulSet waits forever, as in a real cluster.
// Objects seeded at rest are left untouched: the controllers only write when a rollout runs.
#pragma once
#include <chrono>
#include <map>
#include <string>

#include "store.h"

namespace kube_test {

struct ControllerConfig {
  std::string bad_image = ":broken";
  int progress_deadline_ms = 0;  // > 0 replaces spec.progressDeadlineSeconds, so tests need not wait 10 minutes
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
  };

  void deployment(nlohmann::json& object, Track& track);
  void statefulset(nlohmann::json& object, Track& track);
  void cnpg_cluster(nlohmann::json& object, Track& track);
  void tenant(nlohmann::json& object, Track& track);
  void certificate(nlohmann::json& object, Track& track);
  bool bad(const nlohmann::json& images) const;

  Store& store_;
  ControllerConfig config_;
  std::map<std::string, Track> tracks_;
};

}  // namespace kube_test
