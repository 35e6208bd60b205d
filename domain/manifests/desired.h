// The desired state, as typed values loaded from the manifest directory (see
// docs/manifests.md and schemas/). Every value keeps its file:line:col.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "adapters/yaml/located.h"
#include "engine/action.h"

namespace synops {

// A workload named in topology.yaml. Kinds and names always come from the manifests.
struct WorkloadRef {
  Located<std::string> kind;  // "Deployment" or "StatefulSet"
  Located<std::string> name;
  std::string container = "synapse";  // the container whose image synops owns
  std::optional<LocatedTree> resources;  // its requests and limits (Synapse workloads, §3.3); unset: unmanaged
  SourcePosition at;                   // position of the entry itself
};

// Bounds synops manages instead of replicas when a HorizontalPodAutoscaler owns them.
struct HpaBounds {
  Located<std::int64_t> min_replicas;
  Located<std::int64_t> max_replicas;
};

struct WorkerPool {
  Located<std::string> role;  // the key under synapse.workers: "synchrotron", "event-persister" ...
  WorkloadRef workload;
  std::optional<Located<std::int64_t>> replicas;
  std::vector<Located<std::string>> streams;  // stream_writers this pool writes
  bool federation_sender = false;
  SourcePosition federation_sender_at;
  std::optional<HpaBounds> hpa;
  std::int64_t replication_port = 9093;
  std::string service_name;  // headless Service of the StatefulSet; defaults to the workload name
  std::optional<std::int64_t> scale_down_step;           // the pool's scaleDown; unset: synapse.scaleDown's
  std::optional<std::int64_t> scale_down_pause_seconds;
};

struct SynapseDesired {
  std::optional<Located<std::string>> main_image;     // values/images.yaml synapse.main.image
  std::optional<Located<std::string>> workers_image;  // synapse.workers.image
  std::optional<Located<std::string>> li_image;       // synapse.li.image
  std::optional<WorkloadRef> main;                    // topology.yaml synapse.main
  std::optional<WorkloadRef> li;                      // topology.yaml synapse.li
  std::vector<WorkerPool> workers;                    // in manifest order
  std::optional<Located<std::string>> config_map;     // synapse.yaml synapse.configMap
  std::string config_key = "homeserver.yaml";
  LocatedTree homeserver;                             // owned homeserver.yaml keys
  std::int64_t main_replication_port = 9093;
  std::string main_service;                           // defaults to the main workload name
  std::int64_t scale_down_step = 2;                   // at most this many replicas per step
  std::int64_t scale_down_pause_seconds = 600;        // pause between scale-down steps (the guide's 10 minutes, §4.1)
  std::optional<Located<std::string>> base_url;       // for version checks after apply
};

// A key of a Secret in the deployment's namespace that holds a database password
// (postgres.connection.passwordSecret). The manifests name it; apply reads the value.
struct SecretKeyRef {
  Located<std::string> name;
  std::string key = "password";  // CNPG's <cluster>-app Secret keeps it under "password"
  SourcePosition at;
};

// postgres.connection: where `drift` reads the server's effective settings over libpq, and
// where apply's pg_dump backups connect. Never a password: libpq reads it from `passfile`
// (or PGPASSFILE, ~/.pgpass), or apply reads it from `password_secret` into a private
// passfile for pg_dump.
struct PostgresConnection {
  Located<std::string> host;  // a host name, or a unix socket directory (starts with "/")
  std::int64_t port = 5432;
  std::string dbname = "postgres";
  std::string user;      // empty: libpq's default (PGUSER, then the OS user)
  std::string passfile;  // empty: libpq's default (PGPASSFILE, then ~/.pgpass)
  std::string sslmode;   // empty: libpq's default (prefer)
  std::optional<SecretKeyRef> password_secret;  // apply's pg_dump only; drift does not read Secrets
  SourcePosition at;
};

struct PostgresDesired {
  Located<std::string> cluster;
  std::optional<Located<std::string>> image;        // values/images.yaml postgres.image -> spec.imageName
  std::optional<Located<std::int64_t>> instances;
  LocatedTree parameters;                           // values are strings, as CNPG wants
  std::optional<LocatedTree> resources;
  std::int64_t connection_headroom = 10;            // slots kept free for the operator's own tools
  std::optional<PostgresConnection> connection;     // for drift's effective settings; none: not read
  // postgres.connection.li: the LI instance's own database on the same server (host, port and
  // sslmode are the connection's); its pg_dump is planned when the LI or the Cluster changes.
  std::optional<PostgresConnection> li_connection;
  SourcePosition at;
};

struct MinioPool {
  Located<std::string> name;
  Located<std::int64_t> servers;
  Located<std::int64_t> volumes_per_server;
  Located<std::string> size;  // storage request of the pool's volumeClaimTemplate
  std::optional<Located<std::string>> storage_class;  // its storageClassName; unset: the cluster's default
  SourcePosition at;
};

struct MinioDesired {
  Located<std::string> tenant;
  std::string ns;  // defaults to the root namespace
  std::optional<Located<std::string>> image;  // values/images.yaml minio.image
  std::vector<MinioPool> pools;
  SourcePosition at;
};

struct RedisRelease {
  Located<std::string> name;  // Helm release name
  std::optional<Located<std::string>> chart;    // what helm upgrade is given; unset: the release's stored chart
  std::optional<Located<std::string>> version;  // the chart's version (--version), only with chart
  std::optional<Located<std::string>> image_tag;  // Helm value image.tag
  std::optional<Located<std::int64_t>> replicas;  // Helm value replica.replicaCount
  SourcePosition at;
};

struct CertificateDesired {
  Located<std::string> name;
  std::vector<Located<std::string>> dns_names;
  SourcePosition at;
};

struct ElementDesired {
  std::optional<Located<std::string>> image;  // values/images.yaml element.image
  std::optional<WorkloadRef> workload;        // topology.yaml element
};

// monitoring (§2.6): the Prometheus/Grafana/Loki stack, in a namespace of its own. Releases
// are upgraded to a chart version with `helm upgrade`; workloads outside a release (or an
// image pinned in one) get a new container image. Low risk: monitoring only.
struct MonitoringRelease {
  Located<std::string> name;     // Helm release name
  Located<std::string> chart;    // what helm upgrade is given: repo/name, oci://..., a path
  Located<std::string> version;  // the chart's version (--version), compared with the release's
  SourcePosition at;
};

struct MonitoringWorkload {
  WorkloadRef workload;         // kind, name and container, as for element
  Located<std::string> image;
};

struct MonitoringDesired {
  Located<std::string> ns;  // monitoring.namespace; "monitoring" (the guide's) when not written
  std::vector<MonitoringRelease> releases;    // sorted by release name
  std::vector<MonitoringWorkload> workloads;  // sorted by workload name
  SourcePosition at;
};

struct LiveSource {
  std::optional<Located<std::string>> snapshot;  // path relative to the manifest directory
  std::optional<Located<std::string>> kubeconfig;
  std::optional<Located<std::string>> context;
};

// drift.ignore: drift a cron should not report. A rule matches an item when the kind and
// name match the drifted object (or the workload owning a drifted pod) and the item's path
// is the rule's JSON Pointer or lies below it.
struct DriftIgnoreRule {
  Located<std::string> kind;
  std::optional<Located<std::string>> name;  // every object of the kind when absent
  std::optional<Located<std::string>> path;  // the whole object when absent
  SourcePosition at;
};

struct DriftDesired {
  std::vector<DriftIgnoreRule> ignore;  // in manifest order
};

// synops.yaml `maintenance`: how apply enters maintenance mode (§6.2), and for which plans.
struct MaintenanceDesired {
  MaintenanceMethod method = MaintenanceMethod::scale_to_zero;
  bool always = false;  // `when: always`: every plan that changes something, not only critical ones
  std::string ingress;  // mode page: the Ingress whose backends point at the page meanwhile
  std::string page_image = "nginx:alpine";  // mode page: serves the page (the guide's)
};

struct Desired {
  std::string root_dir;  // the manifest directory
  Located<std::string> ns;
  LiveSource live;
  SynapseDesired synapse;
  std::optional<PostgresDesired> postgres;
  std::optional<MinioDesired> minio;
  std::vector<RedisRelease> redis;  // sorted by release name
  std::vector<CertificateDesired> certificates;  // sorted by name
  ElementDesired element;
  std::optional<MonitoringDesired> monitoring;
  DriftDesired drift;
  MaintenanceDesired maintenance;
};

}  // namespace synops
