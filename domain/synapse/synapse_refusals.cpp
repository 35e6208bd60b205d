#include "synapse_refusals.h"

namespace synops {

std::vector<Refusal> synapse_image_refusals(const SynapseDesired& synapse) {
  const auto& main = synapse.main_image;
  if (!main) return {};
  std::vector<Refusal> refusals;
  auto check = [&](const std::optional<Located<std::string>>& other, const char* entry) {
    if (other && other->value != main->value)
      refusals.push_back({"synapse-images-match",
                          std::string("synapse.") + entry + ".image is " + other->value + " but synapse.main.image is " +
                              main->value + " (" + main->at.str() + "); every Synapse process must run the same version",
                          other->at});
  };
  check(synapse.workers_image, "workers");
  check(synapse.li_image, "li");
  return refusals;
}

std::vector<Refusal> hpa_on_named_pool_refusals(const SynapseDesired& synapse) {
  std::vector<Refusal> refusals;
  for (const auto& pool : synapse.workers) {
    if (!pool.hpa || (pool.streams.empty() && !pool.federation_sender)) continue;
    const std::string names = pool.streams.empty() ? "federation_sender_instances names each sender (§9.4)"
                                                   : "instance_map and stream_writers name each writer (§9.2)";
    refusals.push_back({"hpa-on-named-pool",
                        "synapse.workers." + pool.role.value + " sets hpa, but " + names +
                            ": an autoscaler would start processes the config does not name and stop ones it does; set "
                            "a fixed `replicas` instead",
                        pool.hpa->min_replicas.at});
  }
  return refusals;
}

Refusal hpa_replicas_refusal(const SourcePosition& replicas_at, const ObjectRef& workload, const ObjectRef& hpa) {
  return {"hpa-owns-replicas",
          hpa.str() + " scales " + workload.str() +
              ", so its replicas are the HPA's; remove `replicas` and set `hpa: {minReplicas, maxReplicas}` instead",
          replicas_at};
}

}  // namespace synops
