#include "shell.h"

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>

namespace synops::testing {

ShellRun run_shell(const std::string& command) {
  ShellRun result;
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  while (size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.output.append(buffer, n);
  const int status = ::pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace synops::testing
