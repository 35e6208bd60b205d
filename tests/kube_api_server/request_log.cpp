#include "request_log.h"

#include <algorithm>

namespace kube_test {

void RequestLog::record(LoggedRequest request) { requests_.push_back(std::move(request)); }

void RequestLog::clear() {
  requests_.clear();
  connections_ = 0;
}

double RequestLog::now_ms() const {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
}

nlohmann::json RequestLog::describe() const {
  nlohmann::json counts = nlohmann::json::object();
  nlohmann::json requests = nlohmann::json::array();
  for (const auto& request : requests_) {
    std::string verb = request.verb;
    std::ranges::transform(verb, verb.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    const std::string key = verb + " " + request.path;
    counts[key] = counts.value(key, 0) + 1;
    requests.push_back({{"verb", request.verb},
                        {"path", request.path},
                        {"query", request.query},
                        {"status", request.status},
                        {"authorization", request.had_authorization},
                        {"user_agent", request.user_agent},
                        {"at_ms", request.at_ms}});
  }
  return {{"counts", counts}, {"requests", requests}, {"connections", connections_}};
}

}  // namespace kube_test
