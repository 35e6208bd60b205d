// What every actuator of a run shares: the cluster, the options, where backups go, where
// progress goes, and the lock to keep while waiting. The engine never prints: progress lines
// go to a sink the command owns (stderr). stages/apply adds the journal and the lock itself.
#pragma once
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "adapters/kubernetes/kube_client.h"
#include "domain/manifests/desired.h"
#include "engine/result.h"

namespace synops::apply {

// The chart a Helm release is upgraded with, from redis.yaml or monitoring.yaml (`chart`, `version`).
struct HelmChart {
  std::string chart;    // as `helm upgrade` takes it: repo/name, an oci:// or https:// URL, a path
  std::string version;  // --version; empty: the chart's own
};

// How apply runs helm for the steps on Helm releases (domain/redis/helm_upgrade.h).
struct HelmOptions {
  std::string binary = "helm";  // --helm PATH, else helm on PATH
  // The cluster as synops reached it (--kubeconfig/--context, else synops.yaml's): passed on
  // as helm's --kubeconfig and --kube-context; empty: helm's own default, the same as synops'.
  std::string kubeconfig;
  std::string context;
  std::map<std::string, HelmChart> charts;  // by "namespace/release"; a release not named here is upgraded with its stored chart
};

struct ApplyOptions {
  std::optional<std::chrono::seconds> wait_timeout;  // every wait; unset: the default of the kind (wait_timeout_for)
  std::chrono::milliseconds poll_interval{1000};
  std::optional<PostgresConnection> database;         // postgres.connection, for pg_dump backups
  HelmOptions helm;
  std::optional<PostgresConnection> li_database;      // postgres.connection.li, for the LI's pg_dump
};

struct ActuationContext {
  const kube::KubeClient& client;
  ApplyOptions options;
  std::filesystem::path backup_prefix;  // "<journal dir>/apply-<start>-<id>": backups add ".<what>"
  std::function<void(const std::string&)> progress = [](const std::string&) {};
  std::function<Result<bool>()> renew_lock = [] { return Result<bool>(true); };  // long waits keep the lock
};

}  // namespace synops::apply
