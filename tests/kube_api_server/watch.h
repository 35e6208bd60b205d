// WATCH: after a LIST, clients (kubectl rollout status among them) keep a connection open
// and read one JSON event per line as objects change. The server polls the store for
// objects written after the last version sent.
#pragma once
#include <chrono>
#include <map>
#include <string>
#include <variant>

#include "http_types.h"
#include "router.h"
#include "store.h"

namespace kube_test {

struct Watch {
  const Resource* resource = nullptr;
  std::string ns;
  std::map<std::string, std::string> query;  // label and field selectors
  uint64_t since = 0;
  bool initial = false;  // no resourceVersion given: start with ADDED for what exists
  std::chrono::steady_clock::time_point deadline;
};

std::variant<Watch, Response> start_watch(const Store& store, const Route& route, const std::map<std::string, std::string>& query);

// The events since the previous call, one JSON document per line ("" when none).
std::string next_events(const Store& store, Watch& watch);

}  // namespace kube_test
