// One drift run, one cluster read: the report on stdout and the metrics beside it, written to
// a file for the textfile collector (--metrics-out) or PUT to a Pushgateway (--pushgateway),
// which a small listener in this test stands in for, recording what it was sent.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "cli/pushgateway.h"
#include "support/cli_run.h"
#include "support/run_synops.h"
#include "support/api_server.h"

namespace synops::testing {
namespace {

namespace fs = std::filesystem;

// A one-request HTTP server on 127.0.0.1: records the request and answers with `status`.
class RecordingServer {
 public:
  explicit RecordingServer(int status, std::string answer = "") : status_(status), answer_(std::move(answer)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&address), size) == 0);
    REQUIRE(::listen(listener_, 1) == 0);
    REQUIRE(::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size) == 0);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~RecordingServer() {
    if (thread_.joinable()) thread_.join();
    ::close(listener_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  // What was received; call after the client is done.
  const std::string& head() {
    if (thread_.joinable()) thread_.join();
    return head_;
  }
  const std::string& body() {
    if (thread_.joinable()) thread_.join();
    return body_;
  }

 private:
  void serve() {
    pollfd wait{listener_, POLLIN, 0};
    if (::poll(&wait, 1, 20000) != 1) return;  // nobody came: the checks on head() say so
    const int connection = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (connection < 0) return;
    std::string received;
    char buffer[4096];
    size_t body_length = std::string::npos;
    size_t head_end = std::string::npos;
    while (head_end == std::string::npos || received.size() < head_end + 4 + body_length) {
      const ssize_t n = ::recv(connection, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      received.append(buffer, static_cast<size_t>(n));
      if (head_end == std::string::npos && (head_end = received.find("\r\n\r\n")) != std::string::npos) {
        std::string lower = received.substr(0, head_end);
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const size_t at = lower.find("content-length: ");
        body_length = at == std::string::npos ? 0 : std::stoul(lower.substr(at + 16));
      }
    }
    if (head_end != std::string::npos) {
      head_ = received.substr(0, head_end);
      body_ = received.substr(head_end + 4);
    }
    const std::string response = "HTTP/1.1 " + std::to_string(status_) + " X\r\nContent-Length: " +
                                 std::to_string(answer_.size()) + "\r\nConnection: close\r\n\r\n" + answer_;
    (void)::send(connection, response.data(), response.size(), MSG_NOSIGNAL);
    ::close(connection);
  }

  int status_;
  std::string answer_;
  int listener_ = -1;
  int port_ = 0;
  std::string head_, body_;
  std::thread thread_;
};

TEST_CASE("--metrics-out writes the metrics of the same run beside the report, readable by node-exporter") {
  ScratchDir dir;
  const fs::path file = dir.path() / "synops_drift.prom";
  const auto result = run_synops("drift examples/matrix -o json --metrics-out '" + file.string() + "'");
  INFO(result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.out.starts_with("{"));  // the report, as asked
  const std::string metrics = slurp(file);
  CHECK(metrics.find("synops_drift_items{deployment=\"matrix\",drift=\"field\"} 7\n") != std::string::npos);
  CHECK(metrics.find("synops_drift_in_sync{deployment=\"matrix\"} 0\n") != std::string::npos);
  CHECK((fs::status(file).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write |
                                                              fs::perms::group_read | fs::perms::others_read));
  CHECK_FALSE(fs::exists(dir.path() / "synops_drift.prom.tmp"));
}

TEST_CASE("a metrics file that cannot be written is exit 6 with one line, after the report") {
  const auto result = run_synops("drift examples/matrix --metrics-out /nonexistent-dir/synops_drift.prom");
  CHECK(result.exit_code == 6);
  CHECK(result.out.starts_with("Drift: "));
  CHECK(result.err.find("cannot write the metrics file /nonexistent-dir/synops_drift.prom: No such file or directory\n") !=
        std::string::npos);
}

TEST_CASE("--pushgateway PUTs the metrics to the deployment's group, without the labels of the grouping key") {
  RecordingServer server(200);
  const auto result = run_synops("drift examples/matrix -o json --pushgateway " + server.url() + "/");
  INFO(result.err);
  CHECK(result.exit_code == 2);
  CHECK(result.out.starts_with("{"));
  CHECK(server.head().starts_with("PUT /metrics/job/synops_drift/deployment/matrix HTTP/1.1\r\n"));
  CHECK(server.head().find("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n") != std::string::npos);
  CHECK(server.body().find("synops_drift_items{drift=\"field\"} 7\n") != std::string::npos);
  CHECK(server.body().find("synops_drift_in_sync 0\n") != std::string::npos);
  CHECK(server.body().find("deployment=") == std::string::npos);
  CHECK(server.body().find("job=") == std::string::npos);
}

TEST_CASE("the group URL names the job and the deployment, whatever the base URL ends with") {
  CHECK(cli::pushgateway_group_url("http://pushgateway.monitoring:9091", "matrix") ==
        "http://pushgateway.monitoring:9091/metrics/job/synops_drift/deployment/matrix");
  CHECK(cli::pushgateway_group_url("https://gw.example.org/prefix//", "matrix-staging") ==
        "https://gw.example.org/prefix/metrics/job/synops_drift/deployment/matrix-staging");
  CHECK(cli::pushgateway_group_url("http://gw", "a/b c") == "http://gw/metrics/job/synops_drift/deployment/a%2Fb%20c");
}

TEST_CASE("a push the Pushgateway refuses is exit 6 with one line naming it, without the URL's password") {
  RecordingServer server(400, "pushed metrics are invalid or inconsistent with existing metrics\nmore detail\n");
  const std::string url = server.url();
  const auto result = run_synops("drift examples/matrix --pushgateway http://pusher:s3cret@" + url.substr(7));
  CHECK(result.exit_code == 6);
  CHECK(result.out.starts_with("Drift: "));
  CHECK(result.err.find("cannot push the metrics to the Pushgateway " + url +
                        "/metrics/job/synops_drift/deployment/matrix: HTTP 400: pushed metrics are invalid or "
                        "inconsistent with existing metrics\n") != std::string::npos);
  CHECK(result.err.find("s3cret") == std::string::npos);
  CHECK(server.head().find("Authorization: Basic ") != std::string::npos);
}

TEST_CASE("an unreachable Pushgateway is exit 6 with one line") {
  // A port nobody listens on: bind one, then close it.
  int port = 0;
  {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    ::bind(s, reinterpret_cast<sockaddr*>(&address), size);
    ::getsockname(s, reinterpret_cast<sockaddr*>(&address), &size);
    port = ntohs(address.sin_port);
    ::close(s);
  }
  const auto result = run_synops("drift examples/matrix --pushgateway http://127.0.0.1:" + std::to_string(port));
  CHECK(result.exit_code == 6);
  CHECK(result.err.ends_with("\nerror: cannot push the metrics to the Pushgateway http://127.0.0.1:" + std::to_string(port) +
                             "/metrics/job/synops_drift/deployment/matrix: Couldn't connect to server\n"));
}

TEST_CASE("an error before the report delivers no metrics: the last run's timestamp ages") {
  ScratchDir dir;
  const fs::path file = dir.path() / "synops_drift.prom";
  const auto result = run_synops("drift examples/matrix --live /nonexistent.json --metrics-out '" + file.string() + "'");
  CHECK(result.exit_code == 1);
  CHECK_FALSE(fs::exists(file));
}

}  // namespace
}  // namespace synops::testing
