#include "api.h"

#include "objects.h"
#include "openapi.h"
#include "router.h"
#include "status.h"

namespace kube_test {

namespace {

constexpr const char* kExpiredContinue =
    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the "
    "continue parameter, or use the continue token in this response to retrieve the remainder of the results.";

bool is_write(const std::string& verb) { return verb == "patch" || verb == "create" || verb == "update" || verb == "delete"; }

Response forbidden(const Caller& caller, const Route& route, const std::string& verb) {
  const std::string resource = route.resource ? route.resource->plural : "";
  const std::string group = route.resource ? route.resource->group : "";
  std::string subject = route.resource ? route.resource->group_resource() + (route.name.empty() ? "" : " \"" + route.name + "\"") : "";
  return status_response(403, "Forbidden",
                         subject + " is forbidden: User \"" + caller.user + "\" cannot " + verb + " resource \"" + resource +
                             "\" in API group \"" + group + "\"" + (route.ns.empty() ? " at the cluster scope" : " in the namespace \"" + route.ns + "\""),
                         {{"name", route.name}, {"group", group}, {"kind", resource}});
}

// A fault a test asked for, as the response it replaces; nullopt when the request goes on.
std::optional<Outcome> injected(const FaultRule& fault, const Route& route, const Request& request, Outcome outcome, bool& conflict) {
  if (fault.type == "conflict") {
    conflict = true;
    return std::nullopt;
  }
  if (fault.type == "drop") {
    outcome.transport = Transport::drop;
    return outcome;
  }
  if (fault.type == "hang") {  // held unanswered, then dropped
    outcome.transport = Transport::drop;
    outcome.latency_ms = fault.ms;
    return outcome;
  }
  if (fault.type == "gone") {
    outcome.response = status_response(410, "Expired", kExpiredContinue);
    return outcome;
  }
  if (fault.type == "redirect") {
    outcome.response = Response{307, "", "text/plain", {{"Location", fault.location}}};
    return outcome;
  }
  if (fault.type == "echo") {
    const std::string subject = route.resource ? route.resource->group_resource() + " \"" + route.name + "\"" : "the object";
    outcome.response = status_response(fault.status, reason_for(fault.status), subject + " is invalid: Invalid value: " + request.body);
    return outcome;
  }
  if (fault.type == "status") {
    outcome.response = status_response(fault.status, reason_for(fault.status), "injected failure " + std::to_string(fault.status));
    if (fault.retry_after >= 0) outcome.response.headers.emplace_back("Retry-After", std::to_string(fault.retry_after));
    return outcome;
  }
  return std::nullopt;  // truncate, landed, version: the real response is computed, then cut or replaced;
                        // outage: it is answered, and the outage follows
}

// The body with spec.deep of its first object (a List's first item) nested 5,000 arrays deep:
// what a broken or hostile API server could send. Built as text, never as nested JSON here.
std::string nested_too_deep(const std::string& body) {
  constexpr int kLevels = 5000;
  nlohmann::json document = nlohmann::json::parse(body, nullptr, false);
  if (!document.is_object()) return body;
  nlohmann::json& object = document.contains("items") && document["items"].is_array() && !document["items"].empty()
                               ? document["items"][0] : document;
  object["spec"]["deep"] = "__deep__";
  std::string text = document.dump();
  const std::string nested = std::string(kLevels, '[') + std::string(kLevels, ']');
  text.replace(text.find("\"__deep__\""), 10, nested);
  return text;
}

Response discovery(const ServerState& state, const Route& route) {
  switch (route.type) {
    case Route::Type::core_versions: return json_response(200, core_versions(state.address));
    case Route::Type::group_list: return json_response(200, group_list());
    case Route::Type::resource_list: return json_response(200, resource_list(route.group, route.version));
    case Route::Type::openapi_index: return json_response(200, openapi_index());
    case Route::Type::openapi_document: {
      const nlohmann::json document = openapi_document(route.group, route.version);
      if (document.is_null()) return status_response(404, "NotFound", "the server could not find the requested resource");
      return json_response(200, document);
    }
    default: return json_response(200, server_version());
  }
}

// Namespaces exist when something lives in them (this server stores no Namespace objects);
// kube-system, as in every cluster, always does.
Response namespace_object(const ServerState& state, const std::string& name) {
  if (name == "kube-system")
    return json_response(200, {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}, {"uid", state.kube_system_uid}}},
                               {"status", {{"phase", "Active"}}}});
  for (const auto& resource : resources())
    if (!state.store.list(resource, name).empty())
      return json_response(200, {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name}}},
                                 {"status", {{"phase", "Active"}}}});
  return status_response(404, "NotFound", "namespaces \"" + name + "\" not found",
                         {{"name", name}, {"kind", "namespaces"}});
}

Response dispatch(ServerState& state, const Route& route, const std::string& verb, const Request& request, bool conflict) {
  if (verb == "get") return get_object(state.store, route);
  if (verb == "list") return list_objects(state.store, route, request.query);
  if (verb == "patch") return patch_object(state.store, route, request, conflict);
  if (verb == "create") return create_object(state.store, route, request, conflict);
  if (verb == "update") return update_object(state.store, route, request, conflict);
  if (verb == "delete") return delete_object(state.store, route);
  return status_response(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
}

Outcome serve(ServerState& state, const Request& request, Outcome outcome) {
  const auto found = route(request.path);
  if (found && found->type == Route::Type::version) return outcome.response = discovery(state, *found), outcome;
  const Caller caller = authenticate(state.auth, request);
  if (caller.access == Access::unauthenticated)
    return outcome.response = status_response(401, "Unauthorized", "Unauthorized"), outcome;
  if (!found) return outcome.response = status_response(404, "NotFound", "the server could not find the requested resource"), outcome;
  const bool is_discovery = found->resource == nullptr;
  const std::string verb = is_discovery ? (request.method == "GET" ? "get" : "") : verb_of(request.method, *found, request.query);
  if (caller.access == Access::forbidden) return outcome.response = forbidden(caller, *found, verb.empty() ? "get" : verb), outcome;
  if (found->type == Route::Type::namespace_object) return outcome.response = namespace_object(state, found->name), outcome;
  if (is_discovery) return outcome.response = discovery(state, *found), outcome;
  const bool has_continue = request.query.contains("continue") && !request.query.at("continue").empty();
  bool conflict = false;
  std::optional<FaultRule> landed;  // the write goes through; its answer is replaced after
  std::optional<std::string> version;  // a pod proxied to reports this version
  bool deep = false;                // the answer is computed, then nested too deep
  if (auto fault = state.faults.take(verb, request.path, request.body, is_write(verb), has_continue)) {
    if (auto replaced = injected(*fault, *found, request, outcome, conflict)) return *replaced;
    if (fault->type == "truncate") outcome.transport = Transport::truncate;
    if (fault->type == "landed") landed = fault;
    deep = fault->type == "deep";
    if (fault->type == "version") version = fault->version;
  }
  if (found->type == Route::Type::proxy) return outcome.response = pod_proxy(state.store, state.proxy, *found, request.method, version), outcome;
  if (verb == "watch") {
    auto watch = start_watch(state.store, *found, request.query);
    if (auto* refused = std::get_if<Response>(&watch)) return outcome.response = *refused, outcome;
    outcome.watch = std::get<Watch>(std::move(watch));
    return outcome;
  }
  outcome.response = dispatch(state, *found, verb, request, conflict);
  if (deep) outcome.response.body = nested_too_deep(outcome.response.body);
  if (landed && outcome.response.status / 100 == 2)
    outcome.response = status_response(landed->status, reason_for(landed->status),
                                       "injected failure " + std::to_string(landed->status) + " after the write took effect");
  return outcome;
}

std::string verb_for_log(const Request& request) {
  const auto found = route(request.path);
  if (!found || found->resource == nullptr) return request.method == "GET" ? "get" : request.method;
  const std::string verb = verb_of(request.method, *found, request.query);
  return verb.empty() ? request.method : verb;
}

// A request during an outage never reaches the API: it is not logged, and its connection is
// dropped at once (refuse: the server is gone) or when the outage ends (hang: no answer comes).
Outcome lost_in_outage(const Outage& outage) {
  Outcome outcome;
  outcome.transport = Transport::drop;
  if (outage.mode == OutageMode::hang) outcome.latency_ms = static_cast<int>(outage.left().count());
  return outcome;
}

}  // namespace

Outcome handle(ServerState& state, const Request& request) {
  if (request.path.starts_with("/_test/")) return Outcome{admin(state, request)};
  if (const auto outage = state.faults.outage()) return lost_in_outage(*outage);
  Outcome outcome;
  outcome.latency_ms = state.faults.latency_ms();
  std::string query;
  for (const auto& [key, value] : request.query) query += (query.empty() ? "" : "&") + key + "=" + value;
  const double at_ms = state.log.now_ms();
  outcome = serve(state, request, outcome);
  state.log.record({verb_for_log(request), request.path, query,
                                        outcome.transport == Transport::drop ? 0u : outcome.response.status,
                                        !request.authorization.empty(), request.user_agent, at_ms});
  return outcome;
}

}  // namespace kube_test
