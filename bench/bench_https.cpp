// bench_https: plan over HTTPS. Starts the Kubernetes API test server seeded with a
// generated deployment's snapshot, then measures three readers of the same objects, each in
// its own process through bench_exec (wall by the clock, CPU and peak RSS by wait4):
//
//   https/synops   this program's --plan mode: synops' cluster reader (one LIST per kind and
//                  namespace, Helm Secrets only), then plan_deployment and the text renderer
//   https/curl     one curl fetching every URL synops requested, on one connection
//   https/kubectl  `kubectl get -o json` of the same kinds, Secrets with the same selector (one
//                  run above 20,000 objects: it needs about 12 GB and minutes at 50,000)
//
// api_requests comes from the server's request log; bytes_read is what curl downloaded for
// the same URLs (the response bodies).
//
//   bench_https --server SYNOPS-TEST-APISERVER --dir DEPLOYMENT --bench-exec BENCH_EXEC [--repeat R]
//   bench_https --plan KUBECONFIG DIR [PARALLELISM]   (the measured child; PARALLELISM: the
//                                                     reader's concurrent LISTs, 4 by default)
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/render.h"
#include "adapters/kubernetes/cluster_reader.h"
#include "adapters/kubernetes/kubeconfig.h"
#include "domain/manifests/manifest_loader.h"
#include "stages/plan/planner.h"

using namespace synops;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> namespaces_of(const Desired& desired) {
  std::vector<std::string> namespaces{desired.ns.value};
  if (desired.minio && !desired.minio->ns.empty() && desired.minio->ns != desired.ns.value) namespaces.push_back(desired.minio->ns);
  return namespaces;
}

// The measured child: read the cluster, plan, print the plan.
int plan_over_https(const std::string& kubeconfig, const fs::path& dir, int parallelism) {
  auto desired = load_manifests(dir);
  if (!desired) return std::fprintf(stderr, "bench_https: %s\n", desired.error().front().format().c_str()), 1;
  auto config = kube::load_kubeconfig({kubeconfig});
  if (!config) return std::fprintf(stderr, "bench_https: %s\n", config.error().front().message.c_str()), 1;
  auto client = kube::KubeClient::connect(*config);
  if (!client) return std::fprintf(stderr, "bench_https: %s\n", client.error().front().message.c_str()), 1;
  kube::ClusterReadRequest request{namespaces_of(*desired)};
  request.parallelism = parallelism;
  auto live = kube::read_cluster(*client, request);
  if (!live) return std::fprintf(stderr, "bench_https: %s\n", live.error().front().message.c_str()), 1;
  auto plan = plan_deployment(*desired, *live, {});
  if (!plan) return std::fprintf(stderr, "bench_https: %s\n", plan.error().front().format().c_str()), 1;
  std::cout << cli::render(*plan, cli::Format::text, cli::RenderOptions{}) << std::flush;
  return 0;
}

struct Server {
  pid_t pid = -1;
  fs::path certs;
  std::string url;
  ~Server() {
    if (pid > 0) kill(pid, SIGTERM), waitpid(pid, nullptr, 0);
  }
};

void start(Server& server, const std::string& binary, const fs::path& snapshot, const fs::path& certs) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe");
  server.certs = certs;
  server.pid = fork();
  if (server.pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execl(binary.c_str(), binary.c_str(), "--certs", certs.c_str(), "--port", "0", "--tick-ms", "0", "--seed", snapshot.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::string output;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);  // seeding 50,000 objects takes a while
  while (output.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd watch{fds[0], POLLIN, 0};
    if (poll(&watch, 1, 200) <= 0) continue;
    char buffer[256];
    const ssize_t got = read(fds[0], buffer, sizeof buffer);
    if (got <= 0) break;
    output.append(buffer, static_cast<size_t>(got));
  }
  close(fds[0]);
  const std::string prefix = "listening on ";
  const auto at = output.find(prefix);
  if (at == std::string::npos) throw std::runtime_error("the test API server did not start: " + output);
  server.url = output.substr(at + prefix.size(), output.find('\n', at) - at - prefix.size());
}

std::string read_line(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// Runs a command, returns its stdout.
std::string capture(const std::vector<std::string>& argv) {
  std::string command;
  for (const auto& arg : argv) command += "'" + arg + "' ";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen");
  std::string out;
  char buffer[4096];
  while (size_t got = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, got);
  if (pclose(pipe) != 0) throw std::runtime_error("failed: " + command);
  return out;
}

nlohmann::json admin(const Server& server, const std::string& method, const std::string& path) {
  const std::string token = read_line(server.certs / "token");
  return nlohmann::json::parse(capture({"curl", "-sS", "--fail", "-X", method, "--cacert", (server.certs / "ca.crt").string(), "-H",
                                        "Authorization: Bearer " + token, server.url + path}));
}

// The GET requests in the server's log, as path?query.
std::vector<std::string> logged_gets(const Server& server) {
  std::vector<std::string> targets;
  const nlohmann::json log = admin(server, "GET", "/_test/requests");  // kept: the loop reads into it
  for (const auto& request : log["requests"]) {
    if (request["verb"] != "GET" && request["verb"] != "get" && request["verb"] != "LIST" && request["verb"] != "list") continue;
    const std::string path = request["path"], query = request.value("query", "");
    if (path.starts_with("/_test")) continue;
    targets.push_back(query.empty() ? path : path + "?" + query);
  }
  return targets;
}

size_t request_count(const Server& server) {
  size_t count = 0;
  const nlohmann::json log = admin(server, "GET", "/_test/requests");
  for (const auto& request : log["requests"])
    if (!request["path"].get<std::string>().starts_with("/_test")) ++count;
  return count;
}

std::string measured(const std::string& bench_exec, const std::string& bench, size_t size, int repeat, size_t requests,
                     size_t bytes, const std::vector<std::string>& command) {
  std::vector<std::string> argv = {bench_exec, "--bench", bench, "--size", std::to_string(size), "--repeat", std::to_string(repeat),
                                   "--api-requests", std::to_string(requests), "--bytes-read", std::to_string(bytes), "--"};
  argv.insert(argv.end(), command.begin(), command.end());
  return capture(argv);
}

}  // namespace

int main(int argc, char** argv) {
  if ((argc == 4 || argc == 5) && std::strcmp(argv[1], "--plan") == 0)
    return plan_over_https(argv[2], argv[3], argc == 5 ? std::atoi(argv[4]) : kube::ClusterReadRequest{}.parallelism);
  std::string server_binary, bench_exec;
  fs::path dir;
  int repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--server") server_binary = argv[i + 1];
    else if (flag == "--dir") dir = argv[i + 1];
    else if (flag == "--bench-exec") bench_exec = argv[i + 1];
    else if (flag == "--repeat") repeat = std::atoi(argv[i + 1]);
  }
  if (server_binary.empty() || dir.empty() || bench_exec.empty()) {
    std::fprintf(stderr, "usage: bench_https --server BIN --dir DEPLOYMENT --bench-exec BIN [--repeat R]\n");
    return 2;
  }
  try {
    auto desired = load_manifests(dir);
    if (!desired) throw std::runtime_error(desired.error().front().format());
    const fs::path certs = fs::temp_directory_path() / ("synops-bench-https-" + std::to_string(getpid()));
    fs::create_directories(certs);
    Server server;
    start(server, server_binary, dir / "live/cluster.json", certs);
    const std::string kubeconfig = (certs / "kubeconfig-token.yaml").string();
    const std::string self = fs::canonical("/proc/self/exe").string();

    // A first read, unmeasured, tells which URLs synops requests; it must plan cleanly.
    admin(server, "DELETE", "/_test/requests");
    const std::string plan = capture({self, "--plan", kubeconfig, dir.string()});
    if (plan.find("No changes") == std::string::npos) throw std::runtime_error("the plan over HTTPS is not \"No changes\"");
    const auto targets = logged_gets(server);
    const size_t requests = request_count(server);

    std::vector<std::string> curl = {"curl", "-sS", "--fail", "--cacert", (certs / "ca.crt").string(), "-H",
                                     "Authorization: Bearer " + read_line(certs / "token"), "-w", "%{size_download}\\n"};
    for (const auto& target : targets) curl.insert(curl.end(), {"-o", "/dev/null", server.url + target});
    size_t bytes = 0;
    std::istringstream sizes(capture(curl));
    for (std::string line; std::getline(sizes, line);) bytes += std::stoull(line);

    const size_t size = [&] {
      auto live = kube::KubeClient::connect(*kube::load_kubeconfig({kubeconfig}));
      return live ? kube::read_cluster(*live, namespaces_of(*desired)).value().size() : 0;
    }();
    std::cout << measured(bench_exec, "https/synops", size, repeat, requests, bytes, {self, "--plan", kubeconfig, dir.string()});
    std::cout << measured(bench_exec, "https/curl", size, repeat, targets.size(), bytes, curl);
    std::string kubectl;
    for (const auto& ns : namespaces_of(*desired))
      kubectl += "kubectl --kubeconfig " + kubeconfig + " -n " + ns +
                 " get statefulsets,deployments,configmaps,pods,horizontalpodautoscalers,clusters.postgresql.cnpg.io,"
                 "tenants.minio.min.io,certificates.cert-manager.io -o json >/dev/null && kubectl --kubeconfig " +
                 kubeconfig + " -n " + ns + " get secrets -l owner=helm -o json >/dev/null && ";
    kubectl += "true";
    // kubectl decodes everything it reads into Go objects: about 12 GB and minutes at 50,000
    // objects. It runs once there, and its requests are counted on the measured runs.
    const int kubectl_repeat = size > 20000 ? 1 : repeat;
    admin(server, "DELETE", "/_test/requests");
    const std::string kubectl_line = measured(bench_exec, "https/kubectl", size, kubectl_repeat, 0, bytes, {"sh", "-c", kubectl});
    auto kubectl_result = nlohmann::json::parse(kubectl_line);
    kubectl_result["api_requests"] = request_count(server) / static_cast<size_t>(kubectl_repeat);
    std::cout << kubectl_result.dump() << "\n";
    fs::remove_all(certs);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_https: %s\n", e.what());
    return 1;
  }
  return 0;
}
