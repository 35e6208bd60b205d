// The real helm 3 for the tests of Helm releases: $SYNOPS_TEST_HELM, else `helm` on PATH
// (scripts/setup installs it from npm). Tests that need it sit in the doctest suite
// "needs helm" and call require_helm(), which skips when it is missing. The test chart,
// tests/fixtures/helm/redis, is Redis-shaped (image.tag, replica.replicaCount,
// auth.password; a StatefulSet and a Service) and needs no repository.
#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "api_server.h"

namespace synops::testing {

// The helm binary's path; empty when there is none.
std::string helm_binary();
// Skips the test (support/skip.h) when there is no helm, with how to get one.
void require_helm();
std::filesystem::path redis_test_chart();

struct HelmRun {
  int status = -1;
  std::string output;  // stdout and stderr together
};

// helm ARGUMENTS against the server (its token kubeconfig), with a private HOME and helm
// cache/config directories under the server's scratch directory, and a 120 s timeout.
// `arguments` is a fixed shell-quoted string of the test, never user input.
HelmRun run_helm(const TestApiServer& server, const std::string& arguments);

// `helm history RELEASE -n NS -o json`, parsed; REQUIREs success.
nlohmann::json helm_history(const TestApiServer& server, const std::string& release, const std::string& ns);

// Installs the test chart as release `name` in namespace matrix, with --wait; `sets` are
// extra arguments ("--set replica.replicaCount=2"). REQUIREs success.
void install_test_release(const TestApiServer& server, const std::string& name, const std::string& sets = "");

}  // namespace synops::testing
