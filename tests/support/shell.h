// A command run with /bin/sh, for the tests that check synops's output with other tools
// (bash, zsh, fish, promtool, python3).
#pragma once
#include <string>

namespace synops::testing {

struct ShellRun {
  int exit_code = -1;  // -1 when killed
  std::string output;  // stdout and stderr, interleaved
};

ShellRun run_shell(const std::string& command);

}  // namespace synops::testing
