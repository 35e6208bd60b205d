// Typing the merged manifest tree into Desired, one function per manifest area. Each
// checks its keys and values and adds every problem to `problems`; a value that fails its
// check is left at its default so the others can still be checked.
#pragma once
#include <filesystem>

#include "desired.h"
#include "engine/diagnostic.h"
#include "tree_reader.h"

namespace synops {

// synops.yaml: namespace and live (include is consumed while reading the files). `dir`, the
// manifest directory, bounds live.snapshot.
void read_root_section(const Node& root, const std::filesystem::path& dir, Desired& desired, Diagnostics& problems);
// synapse: images, main, li, workers, configMap, homeserver ...
void read_synapse_section(const Node& synapse, SynapseDesired& desired, Diagnostics& problems);
// synapse.workers: the workers' image and the pools, in manifest order.
void read_worker_pools(const Node& workers, SynapseDesired& desired, Diagnostics& problems);
// synapse.main, synapse.li, element: {kind, name, container}; the `image` key is read by the caller.
std::optional<WorkloadRef> read_workload(const Node& entry, std::string default_container, Diagnostics& problems);
void read_element_section(const Node& element, ElementDesired& desired, Diagnostics& problems);
void read_postgres_section(const Node& postgres, std::optional<PostgresDesired>& desired, Diagnostics& problems);
void read_minio_section(const Node& minio, const std::string& root_namespace, std::optional<MinioDesired>& desired,
                        Diagnostics& problems);
void read_redis_section(const Node& redis, std::vector<RedisRelease>& desired, Diagnostics& problems);
void read_monitoring_section(const Node& monitoring, std::optional<MonitoringDesired>& desired, Diagnostics& problems);
void read_tls_section(const Node& tls, std::vector<CertificateDesired>& desired, Diagnostics& problems);
void read_drift_section(const Node& drift, DriftDesired& desired, Diagnostics& problems);

// A mapping of scalars, each replaced by its text; `check` may refuse a text.
template <class Check>
LocatedTree text_mapping(const Node& mapping, Diagnostics& problems, Check check) {
  LocatedTree tree = mapping.subtree();
  for (const Node& member : mapping.members()) {
    auto text = read_text(member, problems);
    if (text && check(member, text->value)) tree.value[member.label()] = text->value;
  }
  return tree;
}

// `resources: {requests, limits}` of a container (postgres, a Synapse workload), each a
// mapping of Kubernetes quantities kept as text, as the API server returns them.
std::optional<LocatedTree> read_container_resources(const Node& resources, Diagnostics& problems);

// A `scaleDown` mapping ({step, pauseSeconds}), of synapse.yaml or of one worker pool; a key
// not written stays unset.
struct ScaleDownKeys {
  std::optional<std::int64_t> step;
  std::optional<std::int64_t> pause_seconds;
};
ScaleDownKeys read_scale_down(const Node& scale_down, Diagnostics& problems);

// A chart reference or chart version helm takes as one argument: not empty, no white space or
// control character, not starting with "-" (it would be read as a flag).
bool is_helm_argument(const std::string& text);
// The key of a Helm release entry (redis.releases, monitoring.releases) is the release's
// name, so it must be a Kubernetes name.
void check_release_name(const Node& entry, Diagnostics& problems);

// Checks across sections: no two workloads (main, li, worker pools, element) share a name.
void check_workload_names(const Desired& desired, Diagnostics& problems);
// postgres.connection.li is the database of synapse.li: it needs that workload.
void check_li_database(const Desired& desired, Diagnostics& problems);

}  // namespace synops
