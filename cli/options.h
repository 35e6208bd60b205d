// Options shared by the commands, as parsed from the command line.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace synops::cli {

enum class Format { text, markdown, json, dot };

struct CommonOptions {
  std::string live;        // --live FILE: a snapshot instead of a cluster
  std::string kubeconfig;  // --kubeconfig FILE: one kubeconfig file (else $KUBECONFIG, ~/.kube/config)
  std::string context;     // --context NAME: overrides the kubeconfig's current-context
  std::string ns;          // --namespace: overrides synops.yaml
  std::string journal;     // --journal DIR: where apply keeps its journal and backups
  bool no_color = false;
  bool allow_insecure_tls = false;
  std::vector<std::string> allow_exec;  // --allow-exec COMMAND (repeatable) and $SYNOPS_ALLOW_EXEC (colon-separated)  // --allow-insecure-tls: honour insecure-skip-tls-verify in the kubeconfig
  int verbose = 0;         // -v, repeatable
};

struct PlanCommandOptions {
  std::string dir = ".";
  std::string out;  // --out FILE: save the plan
  Format format = Format::text;
  bool detailed_exitcode = false;
  bool allow_critical = false;
  bool explain = false;
};

// show: a saved plan; with the manifest directory, checked against the plan made again now.
struct ShowCommandOptions {
  std::string plan_file;
  std::string dir;  // empty: not checked against manifests
  Format format = Format::text;
};

enum class DriftFormat { text, json, prometheus };

struct DriftCommandOptions {
  std::string dir = ".";
  DriftFormat format = DriftFormat::text;
  std::string metrics_out;  // --metrics-out FILE: the Prometheus text too, from the same run
  std::string pushgateway;  // --pushgateway URL: the Prometheus text pushed, from the same run
};

struct SnapshotCommandOptions {
  std::string dir = ".";  // a manifest directory gives the namespace and cluster; optional
  std::string out;        // --out FILE; stdout when empty
};

struct ImportCommandOptions {
  std::string out;  // --out DIR, or "-" for one YAML stream on stdout
};

// apply, resume and rollback (docs/apply.md).
struct ApplyCommandOptions {
  std::string target = ".";     // apply: a manifest directory or a saved plan file
  bool auto_approve = false;
  int parallelism = 1;          // the contract's flag; only 1 is accepted (steps run one at a time)
  bool skip_preflight = false;
  bool allow_critical = false;
  int timeout_seconds = 0;      // --timeout: every wait; 0: the default of the object's kind
  int poll_ms = 1000;           // --poll-ms: how often waits read the object
  bool through_barrier = false; // rollback --through-barrier: undo a step past its point of no return
  std::string helm;             // --helm PATH: the helm 3 binary for Helm release steps (default: helm on PATH)
};

}  // namespace synops::cli
