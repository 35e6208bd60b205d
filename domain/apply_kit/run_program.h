// Runs a program (pg_dump, pg_restore, helm) without a shell: arguments as a vector, connection
// settings and credentials through the environment only, so nothing secret is visible in
// `ps`; files it creates are private (umask 077).
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace synops::apply {

struct ProgramRun {
  int exit_code = -1;   // -1: could not start, or killed by a signal
  std::string output;   // stdout and stderr together
};

ProgramRun run_program(const std::vector<std::string>& argv, const std::map<std::string, std::string>& environment);

// The same, calling `while_running` about once a second until the program ends: a program
// that may run for minutes (helm upgrade --wait) must not outlive the apply lock's Lease.
ProgramRun run_program(const std::vector<std::string>& argv, const std::map<std::string, std::string>& environment,
                       const std::function<void()>& while_running);

}  // namespace synops::apply
