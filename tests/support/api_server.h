// The Kubernetes API test server (tests/kube_api_server) as a fixture: started as a
// subprocess on a free port with its own certificate directory, stopped (SIGTERM) and
// cleaned up when the fixture goes out of scope.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "adapters/kubernetes/kube_client.h"
#include "adapters/kubernetes/kubeconfig.h"

namespace synops::testing {

class TestApiServer {
 public:
  // Arguments beyond --certs and --port: --seed FILE, --tick-ms N, --bad-image S...
  explicit TestApiServer(std::vector<std::string> arguments = {});
  ~TestApiServer();
  TestApiServer(const TestApiServer&) = delete;
  TestApiServer& operator=(const TestApiServer&) = delete;

  const std::string& url() const { return url_; }
  const std::filesystem::path& certs() const { return certs_; }  // ca.crt, client.crt, client.key, token, kubeconfig-*.yaml
  const std::filesystem::path& scratch() const { return scratch_; }  // a private directory the test may fill
  std::string token() const;

  // The server's kubeconfigs, loaded.
  kube::ClusterConfig token_config() const;
  kube::ClusterConfig cert_config() const;
  // A client with a fast retry policy (1 ms base) so retry tests do not sleep for seconds.
  kube::KubeClient client(kube::KubeClientOptions options = {}) const;

  // The /_test/ endpoints.
  nlohmann::json admin(const std::string& method, const std::string& path, const std::string& body = "") const;
  void inject(const nlohmann::json& faults) const { admin("POST", "/_test/faults", faults.dump()); }
  nlohmann::json requests() const { return admin("GET", "/_test/requests"); }
  void clear_requests() const { admin("DELETE", "/_test/requests"); }
  int count(const std::string& verb_and_path) const;

 private:
  std::filesystem::path scratch_;
  std::filesystem::path certs_;
  std::string url_;
  int pid_ = -1;
  int stdin_fds_[2] = {-1, -1};
};

// A private temporary directory, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  const std::filesystem::path& path() const { return path_; }
  // Writes a file under the directory (mode 0700 when executable) and returns its path.
  std::filesystem::path write(const std::string& name, const std::string& content, bool executable = false) const;

 private:
  std::filesystem::path path_;
};

std::filesystem::path example_snapshot();
// The test server's arguments that seed it with the example snapshot's objects.
std::vector<std::string> example_seed();
kube::HttpOptions fast_retries();

}  // namespace synops::testing
