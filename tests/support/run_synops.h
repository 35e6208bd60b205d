// Runs the real synops binary, as a user would, and captures what it prints.
#pragma once
#include <filesystem>
#include <string>

namespace synops::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// `arguments` is a shell-quoted argument string; runs from the repository root.
RunResult run_synops(const std::string& arguments);

// `path` in single quotes, for an argument string (the tests' paths hold no quote).
inline std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

// The example deployment's manifests, relative to the repository root.
inline const std::string kExampleManifests = "examples/matrix";

}  // namespace synops::testing
