// synops-test-apiserver's command line.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "controllers.h"
#include "proxy.h"

namespace kube_test {

struct Options {
  unsigned short port = 0;  // 0: the system picks one
  std::string certs_dir;
  std::vector<std::string> seeds;
  std::vector<std::string> tokens;  // none given: one random token
  std::vector<std::string> forbidden_tokens;
  int tick_ms = 100;  // 0: controllers run only on POST /_test/tick
  bool exit_on_stdin_eof = false;  // a test fixture holds our stdin; if it dies, so do we
  ControllerConfig controllers;
  ProxyConfig proxy;
};

constexpr const char* kUsage =
    "usage: synops-test-apiserver --certs DIR [--port N] [--seed FILE]... [--token T]...\n"
    "                             [--forbidden-token T]... [--tick-ms N] [--bad-image SUBSTRING]\n"
    "                             [--unpullable-image SUBSTRING] [--slow-image SUBSTRING] [--forced-rollback]\n"
    "                             [--instant-rollouts]\n"
    "                             [--bad-config SUBSTRING]\n"
    "                             [--reported-version IMAGE_SUBSTRING=VERSION]...\n"
    "                             [--progress-deadline-ms N] [--exit-on-stdin-eof]\n";

// nullopt (after a message on stderr) when the arguments are wrong.
std::optional<Options> parse_options(int argc, char** argv);

}  // namespace kube_test
