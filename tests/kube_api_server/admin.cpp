// The /_test/ endpoints, reachable without credentials (the server listens on loopback only):
//   POST/GET/DELETE /_test/faults     add fault rules, show them, clear them
//   GET/DELETE      /_test/requests   the request log, or clear it
//   POST            /_test/objects    add or replace objects (a v1 List or objects, as JSON)
//   POST            /_test/tick?n=N   run the controllers N steps now
//   GET             /_test/lifecycle?resource=pods   every object added or deleted, oldest first
#include "api.h"
#include "status.h"

namespace kube_test {

namespace {

Response faults(ServerState& state, const Request& request) {
  if (request.method == "DELETE") {
    state.faults.clear();
    return json_response(200, state.faults.describe());
  }
  if (request.method == "POST") {
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (auto problem = state.faults.configure(body); !problem.empty()) return status_response(400, "BadRequest", problem);
  }
  return json_response(200, state.faults.describe());
}

Response requests(ServerState& state, const Request& request) {
  if (request.method == "DELETE") state.log.clear();
  return json_response(200, state.log.describe());
}

Response objects(ServerState& state, const Request& request) {
  if (request.method != "POST") return status_response(405, "MethodNotAllowed", "POST objects to /_test/objects");
  const std::string problems = state.store.seed_text(request.body, "/_test/objects");
  if (!problems.empty()) return status_response(400, "BadRequest", problems);
  return json_response(200, {{"resourceVersion", std::to_string(state.store.version())}});
}

Response tick(ServerState& state, const Request& request) {
  const long steps = request.query.contains("n") ? std::atol(request.query.at("n").c_str()) : 1;
  for (long i = 0; i < steps && state.controllers != nullptr; ++i) state.controllers->tick();
  return json_response(200, {{"resourceVersion", std::to_string(state.store.version())}});
}

Response lifecycle(ServerState& state, const Request& request) {
  const std::string resource = request.query.contains("resource") ? request.query.at("resource") : "";
  nlohmann::json events = nlohmann::json::array();
  for (const auto& event : state.store.lifecycle())
    if (resource.empty() || event.resource == resource)
      events.push_back({{"resourceVersion", event.version}, {"event", event.event}, {"resource", event.resource},
                        {"namespace", event.ns}, {"name", event.name}, {"labels", event.labels}});
  return json_response(200, {{"events", events}});
}

}  // namespace

Response admin(ServerState& state, const Request& request) {
  if (request.path == "/_test/faults") return faults(state, request);
  if (request.path == "/_test/requests") return requests(state, request);
  if (request.path == "/_test/objects") return objects(state, request);
  if (request.path == "/_test/tick") return tick(state, request);
  if (request.path == "/_test/lifecycle") return lifecycle(state, request);
  return status_response(404, "NotFound", "no such test endpoint");
}

}  // namespace kube_test
