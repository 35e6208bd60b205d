#include "cli_run.h"

#include <cstdlib>

#include "cli/state_directory.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace synops::testing {

namespace fs = std::filesystem;

fs::path write_manifests(const ApplyWorld& world, const ApplyPostgres& postgres, const std::string& connection_extra) {
  const fs::path dir = world.scratch.path() / "manifests";
  fs::copy(fs::path(SYNOPS_SOURCE_DIR) / "examples/matrix", dir, fs::copy_options::recursive);
  const auto c = postgres.connection();
  std::ofstream(dir / "postgres.yaml", std::ios::app) << "  connection: {host: \"" << c.host.value << "\", port: " << c.port
                                                      << ", user: synops, dbname: synapse" << connection_extra << "}\n";
  return dir;
}

std::filesystem::path state_journal_dir(const ApplyWorld& world, const std::string& ns) {
  auto state = cli::state_directory();
  REQUIRE(state);
  auto cluster = kube::read_cluster_identity(world.client);
  REQUIRE(cluster);
  return cli::default_journal_dir(*state, *cluster, ns);
}

std::vector<std::string> cluster_args(const ApplyWorld& world, const std::string& timeout_seconds) {
  return {"--kubeconfig", (world.server.certs() / "kubeconfig-token.yaml").string(), "--timeout", timeout_seconds, "--poll-ms", "20",
          "--journal", world.journal_dir().string()};
}

std::vector<std::string> apply_args(const ApplyWorld& world, const fs::path& dir, const std::string& timeout_seconds) {
  return concat({"apply", dir.string(), "--auto-approve"}, cluster_args(world, timeout_seconds));
}

void exec_synops(std::vector<std::string> args) {
  std::vector<char*> argv{const_cast<char*>(SYNOPS_BINARY)};
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  ::execv(SYNOPS_BINARY, argv.data());
  ::_exit(127);
}

Finished run_cli(std::vector<std::string> args, const std::string& kill_at, std::vector<int> signals) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);
    ::dup2(fds[1], STDERR_FILENO);
    ::close(fds[0]);
    int null = ::open("/dev/null", O_RDONLY);
    ::dup2(null, STDIN_FILENO);
    exec_synops(std::move(args));
  }
  ::close(fds[1]);
  Finished finished;
  std::string line;
  bool sent = false;
  char c;
  while (::read(fds[0], &c, 1) == 1) {
    finished.err += c;
    if (c != '\n') {
      line += c;
      continue;
    }
    if (!sent && !kill_at.empty() && line.starts_with(kill_at)) {
      for (const int signal : signals) ::kill(pid, signal);
      sent = true;
    }
    line.clear();
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status)) finished.code = WEXITSTATUS(status);
  return finished;
}

bool says(const Finished& run, const std::string& text) { return run.err.find(text) != std::string::npos; }

std::string kubeconfig(const ApplyWorld& world) { return (world.server.certs() / "kubeconfig-token.yaml").string(); }

bool on_path(const std::string& program) { return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0; }

void replace_in(const fs::path& file, const std::string& from, const std::string& to) {
  std::string text = slurp(file);
  const size_t at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, file.string() << " holds no \"" << from << "\"");
  text.replace(at, from.size(), to);
  std::ofstream(file) << text;
}

std::string all_journals(const fs::path& dir) {
  std::string text;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".journal") text += slurp(entry.path());
  return text;
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace synops::testing
