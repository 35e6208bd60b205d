// The keys each manifest section accepts, in the order error messages list them. The
// loader rejects every other key; schemas/*.schema.json must list the same keys (a test
// compares them).
#pragma once
#include <array>
#include <string_view>

namespace synops::manifest_keys {

using std::string_view_literals::operator""sv;

inline constexpr std::array root = {"namespace"sv, "live"sv, "include"sv, "synapse"sv, "element"sv,
                                    "postgres"sv,  "minio"sv, "redis"sv,   "tls"sv, "drift"sv,
                                    "maintenance"sv, "monitoring"sv};
inline constexpr std::array live = {"snapshot"sv, "kubernetes"sv};
inline constexpr std::array kubernetes = {"kubeconfig"sv, "context"sv};

inline constexpr std::array synapse = {"main"sv,       "li"sv,         "workers"sv,
                                       "configMap"sv,  "configKey"sv,  "homeserver"sv,
                                       "baseUrl"sv,    "mainService"sv, "mainReplicationPort"sv,
                                       "scaleDown"sv};
// element: the workload (topology.yaml) and its image (images.yaml).
inline constexpr std::array workload = {"kind"sv, "name"sv, "container"sv, "image"sv};
// synapse.main and synapse.li: the same, and the container's resources.
inline constexpr std::array synapse_workload = {"kind"sv, "name"sv, "container"sv, "image"sv, "resources"sv};
// synapse.workers.ROLE; synapse.workers.image is the workers' image, every other key a pool.
inline constexpr std::array worker_pool = {"kind"sv,      "name"sv, "replicas"sv,  "streams"sv,
                                           "federation_sender"sv, "hpa"sv, "container"sv,
                                           "serviceName"sv, "replicationPort"sv, "scaleDown"sv,
                                           "resources"sv};
inline constexpr std::array hpa = {"minReplicas"sv, "maxReplicas"sv};
inline constexpr std::array scale_down = {"step"sv, "pauseSeconds"sv};

inline constexpr std::array postgres = {"cluster"sv,    "image"sv,     "instances"sv,
                                        "parameters"sv, "resources"sv, "connectionHeadroom"sv,
                                        "connection"sv};
// postgres.connection: libpq parameters; deliberately no password (passwordSecret names a
// Secret that holds it). `li` is the LI instance's database on the same server.
inline constexpr std::array postgres_connection = {"host"sv,     "port"sv,    "dbname"sv,         "user"sv,
                                                   "passfile"sv, "sslmode"sv, "passwordSecret"sv, "li"sv};
inline constexpr std::array li_database = {"dbname"sv, "user"sv, "passfile"sv, "passwordSecret"sv};
inline constexpr std::array secret_key_ref = {"name"sv, "key"sv};
inline constexpr std::array sslmodes = {"disable"sv, "allow"sv, "prefer"sv, "require"sv, "verify-ca"sv, "verify-full"sv};
inline constexpr std::array resources = {"requests"sv, "limits"sv};

inline constexpr std::array minio = {"tenant"sv, "namespace"sv, "image"sv, "pools"sv};
inline constexpr std::array minio_pool = {"name"sv, "servers"sv, "volumesPerServer"sv, "size"sv, "storageClassName"sv};

inline constexpr std::array redis = {"releases"sv};
inline constexpr std::array redis_release = {"chart"sv, "version"sv, "imageTag"sv, "replicas"sv};

// monitoring (§2.6): releases by name, workloads by a label of the user's choosing.
inline constexpr std::array monitoring = {"namespace"sv, "releases"sv, "workloads"sv};
inline constexpr std::array monitoring_release = {"chart"sv, "version"sv};

inline constexpr std::array tls = {"certificates"sv};
inline constexpr std::array certificate = {"dnsNames"sv};

inline constexpr std::array drift = {"ignore"sv};
inline constexpr std::array maintenance = {"mode"sv, "when"sv, "page"sv};
inline constexpr std::array maintenance_modes = {"scale-to-zero"sv, "page"sv};
inline constexpr std::array maintenance_page = {"ingress"sv, "image"sv};
inline constexpr std::array maintenance_when = {"critical"sv, "always"sv};
inline constexpr std::array drift_ignore_rule = {"kind"sv, "name"sv, "path"sv};

// Synapse's stream_writers streams a worker pool may write.
inline constexpr std::array streams = {"events"sv,        "typing"sv,      "to_device"sv,
                                       "account_data"sv,  "receipts"sv,    "presence"sv,
                                       "push_rules"sv,    "device_lists"sv, "quarantined_media_changes"sv,
                                       "thread_subscriptions"sv};
// homeserver.yaml keys synops derives from topology.yaml; never written by hand.
inline constexpr std::array derived_homeserver = {"instance_map"sv, "stream_writers"sv,
                                                  "federation_sender_instances"sv};

inline constexpr std::array workload_kinds = {"Deployment"sv, "StatefulSet"sv};

}  // namespace synops::manifest_keys
