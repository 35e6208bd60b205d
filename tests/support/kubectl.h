// The real kubectl against the test API server, for the tests that check the server speaks
// the API the way clusters do.
#pragma once
#include <string>

#include "api_server.h"

namespace synops::testing {

struct KubectlRun {
  int status;          // exit code; -1 when killed
  std::string output;  // stdout and stderr
};

// kubectl with the server's token kubeconfig, a private HOME (its discovery cache) and a
// timeout of 60 s; `arguments` are fixed strings of a test, never user input.
KubectlRun run_kubectl(const TestApiServer& server, const std::string& arguments);

}  // namespace synops::testing
