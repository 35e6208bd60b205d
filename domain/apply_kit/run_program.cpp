#include "run_program.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>

namespace synops::apply {

namespace {

[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::map<std::string, std::string>& environment, int out) {
  ::dup2(out, STDOUT_FILENO);
  ::dup2(out, STDERR_FILENO);
  ::close(out);
  int null = ::open("/dev/null", O_RDONLY);
  if (null >= 0) ::dup2(null, STDIN_FILENO);
  ::umask(077);
  for (const auto& [name, value] : environment) ::setenv(name.c_str(), value.c_str(), 1);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  ::execvp(args[0], args.data());
  ::_exit(127);
}

}  // namespace

ProgramRun run_program(const std::vector<std::string>& argv, const std::map<std::string, std::string>& environment) {
  return run_program(argv, environment, [] {});
}

ProgramRun run_program(const std::vector<std::string>& argv, const std::map<std::string, std::string>& environment,
                       const std::function<void()>& while_running) {
  ProgramRun run;
  int fds[2];
  if (argv.empty() || ::pipe2(fds, O_CLOEXEC) != 0) return run;
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return run;
  }
  if (pid == 0) exec_child(argv, environment, fds[1]);
  ::close(fds[1]);
  char buffer[4096];
  auto last_call = std::chrono::steady_clock::now();
  for (;;) {
    if (std::chrono::steady_clock::now() - last_call >= std::chrono::seconds(1)) {
      while_running();
      last_call = std::chrono::steady_clock::now();
    }
    pollfd readable{fds[0], POLLIN, 0};
    const int ready = ::poll(&readable, 1, 1000);
    if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
    if (ready < 0) break;
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    run.output.append(buffer, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) run.exit_code = WEXITSTATUS(status);
  return run;
}

}  // namespace synops::apply
