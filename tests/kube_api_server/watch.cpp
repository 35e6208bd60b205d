#include "watch.h"

#include <charconv>

#include "objects.h"
#include "status.h"

namespace kube_test {

std::variant<Watch, Response> start_watch(const Store& store, const Route& route, const std::map<std::string, std::string>& query) {
  Watch watch{route.resource, route.ns, query};
  const std::string version = query.contains("resourceVersion") ? query.at("resourceVersion") : "";
  if (version.empty() || version == "0") {
    watch.initial = true;
  } else {
    const auto [end, error] = std::from_chars(version.data(), version.data() + version.size(), watch.since);
    if (error != std::errc() || end != version.data() + version.size())
      return status_response(400, "BadRequest", "invalid resourceVersion \"" + version + "\"");
  }
  long seconds = query.contains("timeoutSeconds") ? std::atol(query.at("timeoutSeconds").c_str()) : 0;
  if (seconds <= 0 || seconds > 1800) seconds = 1800;
  watch.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::string error;
  for (const Stored* stored : store.list(*route.resource, route.ns)) {
    selected(*stored, query, error);
    if (!error.empty()) return status_response(400, "BadRequest", error);
    break;
  }
  return watch;
}

std::string next_events(const Store& store, Watch& watch) {
  std::string lines;
  for (const Stored* stored : store.list(*watch.resource, watch.ns)) {
    std::string error;
    if (!selected(*stored, watch.query, error)) continue;
    if (!watch.initial && stored->version <= watch.since) continue;
    const nlohmann::json event = {{"type", watch.initial ? "ADDED" : "MODIFIED"}, {"object", stored->body}};
    lines += event.dump() + "\n";
  }
  watch.initial = false;
  watch.since = store.version();
  return lines;
}

}  // namespace kube_test
