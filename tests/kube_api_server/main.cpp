// synops-test-apiserver: a Kubernetes API server for tests, faithful where synops and kubectl
// look (Status bodies, resourceVersion conflicts, merge/strategic/apply patches, paging,
// watches, TLS with token and client-certificate auth, controllers that finish rollouts),
// with fault injection and a request log under /_test/. Stages:
//   1. read the options;  2. make the PKI;  3. seed the store;  4. bind the port;
//   5. write certificates and kubeconfigs;  6. serve until SIGTERM.
#include <openssl/rand.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <utility>  // before Boost 1.74's asio coroutine headers, which need std::exchange

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>

#include "kubeconfig_files.h"
#include "options.h"
#include "server.h"
#include "tls_context.h"

namespace net = boost::asio;
using namespace kube_test;

namespace {

std::string random_token() {
  unsigned char bytes[24];
  RAND_bytes(bytes, sizeof bytes);
  std::ostringstream text;
  for (unsigned char byte : bytes) text << std::hex << static_cast<int>(byte >> 4) << static_cast<int>(byte & 15);
  return "synops-test-" + text.str();
}

bool seed(Store& store, const std::vector<std::string>& files) {
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << file << ": cannot read the seed file\n";
      return false;
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (const auto problems = store.seed_text(content.str(), file); !problems.empty()) std::cerr << problems;
  }
  return true;
}

// Stops the server when stdin reaches end of file: the process that started us (and held
// the pipe) is gone, even if it died without a chance to send SIGTERM.
void stop_on_stdin_eof(net::posix::stream_descriptor& in, net::io_context& io) {
  static char sink[256];
  in.async_read_some(net::buffer(sink), [&](const boost::system::error_code& error, size_t) {
    if (error) io.stop();
    else stop_on_stdin_eof(in, io);
  });
}

}  // namespace

int main(int argc, char** argv) {
  auto options = parse_options(argc, argv);
  if (!options) return 2;
  const Certificates certificates = generate_certificates();
  ServerState state;
  if (!seed(state.store, options->seeds)) return 1;
  if (options->tokens.empty()) options->tokens.push_back(random_token());
  state.auth.tokens = {options->tokens.begin(), options->tokens.end()};
  state.auth.forbidden_tokens = {options->forbidden_tokens.begin(), options->forbidden_tokens.end()};
  state.proxy = options->proxy;

  net::io_context io;
  net::ip::tcp::acceptor acceptor(io, {net::ip::make_address("127.0.0.1"), options->port});
  const unsigned short port = acceptor.local_endpoint().port();
  state.address = "127.0.0.1:" + std::to_string(port);
  const std::string url = "https://" + state.address;
  if (auto problem = write_client_files(options->certs_dir, certificates, options->tokens.front(), url); !problem.empty()) {
    std::cerr << problem << "\n";
    return 1;
  }

  Controllers controllers(state.store, options->controllers);
  state.controllers = &controllers;
  controllers.tick();  // objects seeded at rest are recorded as the baseline of every rollout
  auto tls = make_tls_context(certificates);
  net::co_spawn(io, accept_connections(acceptor, tls, state), net::detached);
  if (options->tick_ms > 0) net::co_spawn(io, run_controllers(controllers, options->tick_ms), net::detached);
  net::posix::stream_descriptor in(io, ::dup(0));
  if (options->exit_on_stdin_eof) stop_on_stdin_eof(in, io);
  net::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](auto, auto) { io.stop(); });
  std::cout << "listening on " << url << std::endl;
  io.run();
  return 0;
}
