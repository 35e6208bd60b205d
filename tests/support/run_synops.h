// Runs the real synops binary, as a user would, and captures what it prints.
#pragma once
#include <string>

namespace synops::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// `arguments` is a shell-quoted argument string; runs from the repository root.
RunResult run_synops(const std::string& arguments);

}  // namespace synops::testing
