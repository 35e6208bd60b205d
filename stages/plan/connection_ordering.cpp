#include "connection_ordering.h"

#include <set>

#include "engine/ordering.h"

namespace synops {

namespace {

// The objects whose steps change the connections Synapse may open: workloads whose pods
// or cp_max change, the autoscalers that bound them, and the shared homeserver.yaml.
std::set<ObjectRef> connection_objects(const SynapseFacts& synapse) {
  std::set<ObjectRef> objects;
  const bool cp_max_changes = synapse.live_cp_max != synapse.desired_cp_max;
  bool anyone_shares = false;
  for (const auto& user : synapse.users) {
    anyone_shares = anyone_shares || user.shares_config;
    const bool changes = user.live_pods != user.desired_pods || (user.shares_config && cp_max_changes);
    if (!changes) continue;
    objects.insert(user.workload);
    if (user.hpa) objects.insert(*user.hpa);
  }
  if (cp_max_changes && anyone_shares && synapse.config_map) objects.insert(*synapse.config_map);
  return objects;
}

bool adds_connections(const ObjectRef& object, const SynapseFacts& synapse) {
  if (synapse.config_map && object == *synapse.config_map) return synapse.desired_cp_max > synapse.live_cp_max;
  for (const auto& user : synapse.users)
    if (user.workload == object || (user.hpa && *user.hpa == object)) {
      const std::int64_t before = user.live_pods * (user.shares_config ? synapse.live_cp_max : user.own_cp_max);
      const std::int64_t after = user.desired_pods * (user.shares_config ? synapse.desired_cp_max : user.own_cp_max);
      return after > before;
    }
  return false;
}

}  // namespace

void add_connection_ordering(PlanDraft& draft, const SynapseFacts& synapse, const PostgresFacts& postgres) {
  const std::int64_t rise = (postgres.max_connections - postgres.reserved) - (postgres.live_max_connections - postgres.live_reserved);
  const std::string update = "update " + postgres.cluster.str(), wait = "wait " + postgres.cluster.str();
  if (rise == 0 || !draft.has(update) || !draft.has(wait)) return;
  const std::set<ObjectRef> objects = connection_objects(synapse);
  std::vector<OrderingEdge> edges;
  for (const auto& action : draft.actions) {
    if (!objects.contains(action.target)) continue;
    if (rise > 0 && adds_connections(action.target, synapse))
      edges.push_back({wait, action.key, "max-connections-rises-first"});
    else if (rise < 0)
      edges.push_back({action.key, update, "max-connections-falls-last"});
  }
  std::vector<OrderingEdge> all = draft.edges;
  all.insert(all.end(), edges.begin(), edges.end());
  if (!order_actions(draft.actions, all)) return;
  draft.edges = std::move(all);
}

}  // namespace synops
