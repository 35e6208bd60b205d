// Options shared by the commands, as parsed from the command line.
#pragma once
#include <optional>
#include <string>

namespace synops::cli {

enum class Format { text, markdown, json, dot };

struct CommonOptions {
  std::string live;        // --live FILE: a snapshot instead of a cluster
  std::string kubeconfig;  // --kubeconfig FILE: one kubeconfig file (else $KUBECONFIG, ~/.kube/config)
  std::string context;     // --context NAME: overrides the kubeconfig's current-context
  std::string ns;          // --namespace: overrides synops.yaml
  std::string journal;     // --journal DIR: where apply keeps its journal and backups
  bool no_color = false;
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

enum class DriftFormat { text, json, prometheus };

struct DriftCommandOptions {
  std::string dir = ".";
  DriftFormat format = DriftFormat::text;
};

struct SnapshotCommandOptions {
  std::string dir = ".";  // a manifest directory gives the namespace and cluster; optional
  std::string out;        // --out FILE; stdout when empty
};

struct ImportCommandOptions {
  std::string out;  // --out DIR, or "-" for one YAML stream on stdout
};

}  // namespace synops::cli
