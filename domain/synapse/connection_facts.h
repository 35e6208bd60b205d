// What the connection budget (§9.5) needs from the Synapse side: every workload whose
// processes each open up to cp_max connections to the deployment's PostgreSQL server, how
// many pods each may run before and after the plan, and which cp_max each reads.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/live_state.h"
#include "engine/object_ref.h"
#include "engine/source_position.h"

namespace synops {

inline constexpr std::int64_t kTwistedDefaultCpMax = 5;  // adbapi.ConnectionPool's default

struct ConnectionUser {
  ObjectRef workload;
  std::string label;               // "main", "li" or the pool's key ("synchrotron")
  std::int64_t live_pods = 0;      // at most this many pods run now: replicas, or the HPA's maxReplicas
  std::int64_t desired_pods = 0;   // the same after the plan
  SourcePosition pods_at;          // the manifest value that sets desired_pods, when one does
  std::optional<ObjectRef> hpa;    // owns the replicas: pods are counted at its maxReplicas
  bool shares_config = true;       // reads the shared homeserver.yaml, so its cp_max changes with it
  std::int64_t own_cp_max = kTwistedDefaultCpMax;  // otherwise: its own config's (the LI's)
};

struct SynapseFacts {
  std::vector<ConnectionUser> users;  // in the guide's order
  std::int64_t live_cp_max = kTwistedDefaultCpMax;     // of the shared homeserver.yaml
  std::int64_t desired_cp_max = kTwistedDefaultCpMax;
  SourcePosition cp_max_at;
  bool cp_max_from_manifest = false;
  std::optional<ObjectRef> config_map;  // the shared homeserver.yaml's ConfigMap
};

// database.args.cp_max of a homeserver.yaml document, or Twisted's default when unset.
std::int64_t cp_max_of(const nlohmann::json& homeserver);

// cp_max of the homeserver.yaml in a ConfigMap the workload mounts (the LI's own config);
// Twisted's default when none of them holds one that parses.
std::int64_t own_config_cp_max(const LiveState& live, const LiveObject& workload, const std::string& config_key);

}  // namespace synops
