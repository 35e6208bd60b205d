#include "kubectl.h"

#include <sys/wait.h>

#include <cstdlib>

#include "slurp.h"

namespace synops::testing {

KubectlRun run_kubectl(const TestApiServer& server, const std::string& arguments) {
  const auto out = server.scratch() / "kubectl.out";
  const std::string command = "env HOME=" + server.scratch().string() + " KUBECONFIG=" + (server.certs() / "kubeconfig-token.yaml").string() +
                              " timeout 60 kubectl " + arguments + " > " + out.string() + " 2>&1";
  const int status = std::system(command.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out)};
}

}  // namespace synops::testing
