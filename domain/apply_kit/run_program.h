// Runs a program (pg_dump, pg_restore) without a shell: arguments as a vector, connection
// settings and credentials through the environment only, so nothing secret is visible in
// `ps`; files it creates are private (umask 077).
#pragma once
#include <map>
#include <string>
#include <vector>

namespace synops::apply {

struct ProgramRun {
  int exit_code = -1;   // -1: could not start, or killed by a signal
  std::string output;   // stdout and stderr together
};

ProgramRun run_program(const std::vector<std::string>& argv, const std::map<std::string, std::string>& environment);

}  // namespace synops::apply
