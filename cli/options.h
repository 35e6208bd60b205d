// Options shared by the commands, as parsed from the command line.
#pragma once
#include <optional>
#include <string>

namespace synops::cli {

enum class Format { text, markdown, json, dot };

struct CommonOptions {
  std::string live;  // --live FILE: a snapshot instead of a cluster
  std::string ns;    // --namespace: overrides synops.yaml
  bool no_color = false;
};

struct PlanCommandOptions {
  std::string dir = ".";
  std::string out;  // --out FILE: save the plan
  Format format = Format::text;
  bool detailed_exitcode = false;
  bool allow_critical = false;
  bool explain = false;
};

}  // namespace synops::cli
