#include "exec_credential.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base64.h"
#include "json_fields.h"
#include "rfc3339.h"

extern char** environ;

namespace synops::kube {

namespace {

constexpr size_t kMaxOutputBytes = 1u << 20;  // an ExecCredential is a few KiB

struct Outcome {
  int exit_status = -1;  // -1: killed or did not start
  std::string output;
  bool timed_out = false;
};

// Our environment with the plugin's variables and KUBERNETES_EXEC_INFO set over it.
std::vector<std::string> child_environment(const ExecPlugin& plugin, const std::string& info) {
  std::vector<std::pair<std::string, std::string>> overrides = plugin.env;
  overrides.emplace_back("KUBERNETES_EXEC_INFO", info);
  std::vector<std::string> variables;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string variable = *entry;
    const std::string name = variable.substr(0, variable.find('='));
    if (std::ranges::none_of(overrides, [&](const auto& o) { return o.first == name; })) variables.push_back(variable);
  }
  for (const auto& [name, value] : overrides) variables.push_back(name + "=" + value);
  return variables;
}

// Reads the child's stdout until it closes or the deadline passes.
void collect_output(int fd, std::chrono::steady_clock::time_point deadline, Outcome& outcome) {
  char buffer[4096];
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      outcome.timed_out = true;
      return;
    }
    pollfd watch{fd, POLLIN, 0};
    if (poll(&watch, 1, static_cast<int>(left.count())) <= 0) continue;
    const ssize_t got = read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return;
    if (outcome.output.size() < kMaxOutputBytes) outcome.output.append(buffer, static_cast<size_t>(got));
  }
}

Result<Outcome> run(const ExecPlugin& plugin, const std::string& info, std::chrono::milliseconds timeout) {
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) return fail(plugin.source + ": cannot create a pipe for the exec plugin");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  std::vector<std::string> arguments{plugin.command};
  arguments.insert(arguments.end(), plugin.args.begin(), plugin.args.end());
  std::vector<char*> argv, envp;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  auto variables = child_environment(plugin, info);
  for (auto& variable : variables) envp.push_back(variable.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, plugin.command.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (spawned != 0) {
    close(pipe_fds[0]);
    std::string hint = plugin.install_hint.empty() ? "" : " (" + plugin.install_hint + ")";
    return fail(plugin.source + ": cannot run exec plugin " + plugin.command + ": " + std::strerror(spawned) + hint);
  }
  Outcome outcome;
  collect_output(pipe_fds[0], std::chrono::steady_clock::now() + timeout, outcome);
  close(pipe_fds[0]);
  if (outcome.timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) outcome.exit_status = WEXITSTATUS(status);
  return outcome;
}

Result<ExecCredential> parse_credential(const ExecPlugin& plugin, const std::string& output) {
  const std::string what = plugin.source + ": exec plugin " + plugin.command;
  const nlohmann::json document = nlohmann::json::parse(output, nullptr, false);
  if (text_at(document, {"kind"}) != "ExecCredential")
    return fail(what + " did not print an ExecCredential on stdout");
  if (text_at(document, {"apiVersion"}) != plugin.api_version)
    return fail(what + " answered with apiVersion \"" + text_at(document, {"apiVersion"}) + "\", expected \"" +
                plugin.api_version + "\"");
  const nlohmann::json& status = field(document, {"status"});
  ExecCredential credential;
  credential.token = text_at(status, {"token"});
  credential.client_cert_pem = text_at(status, {"clientCertificateData"});
  credential.client_key_pem = text_at(status, {"clientKeyData"});
  if (credential.client_cert_pem.empty() != credential.client_key_pem.empty())
    return fail(what + " returned a client certificate without its key, or a key without its certificate");
  if (credential.token.empty() && credential.client_cert_pem.empty())
    return fail(what + " returned neither status.token nor status.clientCertificateData");
  const std::string expiry = text_at(status, {"expirationTimestamp"});
  if (!expiry.empty()) {
    credential.expires = parse_rfc3339(expiry);
    if (!credential.expires) return fail(what + " returned an expirationTimestamp that is not RFC 3339");
  }
  return credential;
}

}  // namespace

std::string exec_info(const ExecPlugin& plugin, const ClusterConfig& cluster) {
  nlohmann::json spec = {{"interactive", false}};
  if (plugin.provide_cluster_info) {
    nlohmann::json info = {{"server", cluster.server}};
    if (!cluster.ca_pem.empty()) info["certificate-authority-data"] = base64_encode(cluster.ca_pem);
    if (cluster.insecure_skip_tls_verify) info["insecure-skip-tls-verify"] = true;
    if (!cluster.tls_server_name.empty()) info["tls-server-name"] = cluster.tls_server_name;
    if (!cluster.proxy_url.empty()) info["proxy-url"] = cluster.proxy_url;
    spec["cluster"] = info;
  }
  return nlohmann::json{{"apiVersion", plugin.api_version}, {"kind", "ExecCredential"}, {"spec", spec}}.dump();
}

Result<ExecCredential> run_exec_plugin(const ExecPlugin& plugin, const ClusterConfig& cluster, std::chrono::milliseconds timeout) {
  auto outcome = run(plugin, exec_info(plugin, cluster), timeout);
  if (!outcome) return std::unexpected(outcome.error());
  const std::string what = plugin.source + ": exec plugin " + plugin.command;
  if (outcome->timed_out) return fail(what + " did not finish within " + std::to_string(timeout.count() / 1000) + " s");
  if (outcome->exit_status != 0)
    return fail(what + " failed with exit status " + std::to_string(outcome->exit_status));
  return parse_credential(plugin, outcome->output);
}

}  // namespace synops::kube
