#include "api_server.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace synops::testing {

namespace fs = std::filesystem;

namespace {

fs::path make_scratch() {
  std::string pattern = (fs::temp_directory_path() / "synops-kube-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

// Reads the server's stdout until the "listening on" line, for at most 20 s.
std::string wait_for_listening(int fd) {
  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (output.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd watch{fd, POLLIN, 0};
    if (poll(&watch, 1, 100) <= 0) continue;
    char buffer[256];
    const ssize_t got = read(fd, buffer, sizeof buffer);
    if (got <= 0) break;
    output.append(buffer, static_cast<size_t>(got));
  }
  const std::string prefix = "listening on ";
  const auto at = output.find(prefix);
  if (at == std::string::npos) throw std::runtime_error("the test API server did not start: " + output);
  return output.substr(at + prefix.size(), output.find('\n', at) - at - prefix.size());
}

}  // namespace

ScratchDir::ScratchDir() : path_(make_scratch()) {}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

fs::path ScratchDir::write(const std::string& name, const std::string& content, bool executable) const {
  const fs::path file = path_ / name;
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary | std::ios::trunc) << content;
  fs::permissions(file, executable ? fs::perms::owner_all : fs::perms::owner_read | fs::perms::owner_write);
  return file;
}

fs::path example_snapshot() { return fs::path(SYNOPS_SOURCE_DIR) / "examples/matrix/live/cluster.json"; }
std::vector<std::string> example_seed() { return {"--seed", example_snapshot().string()}; }

kube::HttpOptions fast_retries() {
  kube::HttpOptions options;
  options.retry = {5, std::chrono::milliseconds(1), std::chrono::milliseconds(20), std::chrono::seconds(10)};
  return options;
}

TestApiServer::TestApiServer(std::vector<std::string> arguments) : scratch_(make_scratch()), certs_(scratch_ / "certs") {
  std::vector<std::string> argv_text = {SYNOPS_TEST_APISERVER, "--certs", certs_.string(), "--port", "0", "--exit-on-stdin-eof"};
  argv_text.insert(argv_text.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& argument : argv_text) argv.push_back(argument.data());
  argv.push_back(nullptr);
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0 || pipe2(stdin_fds_, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  // The server's stdin stays open as long as we live; if this process dies, the server sees
  // end of file and exits instead of lingering.
  posix_spawn_file_actions_adddup2(&actions, stdin_fds_[0], STDIN_FILENO);
  const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  close(stdin_fds_[0]);
  if (spawned != 0) {
    close(pipe_fds[0]);
    throw std::runtime_error(std::string("cannot start ") + SYNOPS_TEST_APISERVER);
  }
  url_ = wait_for_listening(pipe_fds[0]);
  close(pipe_fds[0]);  // the server writes nothing more to stdout
}

TestApiServer::~TestApiServer() {
  close(stdin_fds_[1]);
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  std::error_code ignored;
  fs::remove_all(scratch_, ignored);
}

std::string TestApiServer::token() const {
  std::ifstream in(certs_ / "token");
  std::string token;
  std::getline(in, token);
  return token;
}

kube::ClusterConfig TestApiServer::token_config() const {
  auto config = kube::load_kubeconfig({(certs_ / "kubeconfig-token.yaml").string()});
  if (!config) throw std::runtime_error(config.error().front().message);
  return *config;
}

kube::ClusterConfig TestApiServer::cert_config() const {
  auto config = kube::load_kubeconfig({(certs_ / "kubeconfig-cert.yaml").string()});
  if (!config) throw std::runtime_error(config.error().front().message);
  return *config;
}

kube::KubeClient TestApiServer::client(kube::KubeClientOptions options) const {
  auto client = kube::KubeClient::connect(token_config(), fast_retries(), options);
  if (!client) throw std::runtime_error(client.error().front().message);
  return std::move(*client);
}

nlohmann::json TestApiServer::admin(const std::string& method, const std::string& path, const std::string& body) const {
  kube::HttpOptions once;
  once.retry.max_attempts = 1;
  auto http = kube::HttpClient::create(token_config(), once);
  if (!http) throw std::runtime_error(http.error().front().message);
  auto response = (*http)->send(kube::HttpRequest{method, path, "application/json", body});
  if (!response) throw std::runtime_error(path + ": " + response.error().describe());
  return nlohmann::json::parse(response->body);
}

int TestApiServer::count(const std::string& verb_and_path) const {
  return requests()["counts"].value(verb_and_path, 0);
}

}  // namespace synops::testing
