// Every API request the server answered (not the /_test/ ones), for tests to assert on:
// "exactly one LIST per kind and namespace", "no request before Retry-After", "the
// redirect target never saw the token".
#pragma once
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kube_test {

struct LoggedRequest {
  std::string verb;  // get, list, watch, patch...
  std::string path;
  std::string query;
  unsigned status = 0;  // 0: the connection was dropped
  bool had_authorization = false;
  std::string user_agent;
  double at_ms = 0;  // since the server started
};

class RequestLog {
 public:
  void record(LoggedRequest request);
  void connection_opened() { ++connections_; }
  void clear();
  double now_ms() const;
  // {"counts": {"LIST /api/v1/namespaces/matrix/pods": 1}, "requests": [...], "connections": n}
  nlohmann::json describe() const;

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::vector<LoggedRequest> requests_;
  int connections_ = 0;
};

}  // namespace kube_test
