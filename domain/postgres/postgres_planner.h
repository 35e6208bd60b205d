// Plans changes to the CloudNativePG Cluster: image (minor or major), instances,
// resources and parameters, with CNPG's rules and PostgreSQL's parameter contexts.
#pragma once
#include <cstdint>
#include <optional>

#include "engine/live_state.h"
#include "engine/plan_builder.h"
#include "domain/manifests/desired.h"
#include "parameter_contexts.h"

namespace synops {

struct PostgresPlanOptions {
  bool allow_critical = false;  // permit a major upgrade
  // What the live server said about its parameters' contexts (postgres.connection, a live
  // cluster); null: synops's table for the Cluster's major version decides.
  const ServerParameterContexts* server_contexts = nullptr;
};

// The connection limits before and after the change, for the Synapse connection budget.
struct PostgresFacts {
  ObjectRef cluster;
  std::int64_t max_connections = 100;  // CNPG does not set it: PostgreSQL's default
  SourcePosition max_connections_at;
  std::int64_t reserved = 3;  // superuser_reserved_connections + reserved_connections
  std::int64_t live_max_connections = 100;  // the same two before the plan
  std::int64_t live_reserved = 3;
  std::int64_t headroom = 10;
};

struct PostgresPlan {
  PlanDraft draft;
  std::optional<PostgresFacts> facts;
};

PostgresPlan plan_postgres(const Desired& desired, const LiveState& live, const PostgresPlanOptions& options,
                           Diagnostics& problems);

}  // namespace synops
