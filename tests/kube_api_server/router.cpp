#include "router.h"

#include <sstream>
#include <vector>

namespace kube_test {

namespace {

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream in(path);
  for (std::string part; std::getline(in, part, '/');)
    if (!part.empty()) parts.push_back(part);
  return parts;
}

// After /api/v1 or /apis/<g>/<v>: [namespaces/<ns>/]<plural>[/<name>[/status]], or
// namespaces/<ns>/pods/<name>[:<port>]/proxy[/<path>].
std::optional<Route> resource_route(Route route, const std::vector<std::string>& rest) {
  size_t at = 0;
  if (rest.size() >= 3 && rest[0] == "namespaces") {
    route.ns = rest[1];
    at = 2;
  }
  if (at >= rest.size()) return std::nullopt;
  route.resource = find_resource(route.group, route.version, rest[at]);
  if (route.resource == nullptr) return std::nullopt;
  const size_t left = rest.size() - at - 1;
  if (left == 0) {
    route.type = Route::Type::collection;
    return route;
  }
  if (route.ns.empty()) return std::nullopt;  // every served resource is namespaced
  route.name = rest[at + 1];
  if (left == 1) {
    route.type = Route::Type::object;
    return route;
  }
  if (left == 2 && rest[at + 2] == "status") {
    route.type = Route::Type::status;
    return route;
  }
  if (left >= 2 && rest[at + 2] == "proxy" && route.resource->plural == "pods") {
    route.type = Route::Type::proxy;
    for (size_t i = at + 3; i < rest.size(); ++i) route.subpath += (route.subpath.empty() ? "" : "/") + rest[i];
    return route;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Route> route(const std::string& path) {
  const auto parts = segments(path);
  if (parts.size() == 1 && parts[0] == "version") return Route{Route::Type::version};
  if (parts.size() == 1 && parts[0] == "api") return Route{Route::Type::core_versions};
  if (parts.size() == 1 && parts[0] == "apis") return Route{Route::Type::group_list};
  if (parts.size() >= 2 && parts[0] == "openapi" && parts[1] == "v3") {
    if (parts.size() == 2) return Route{Route::Type::openapi_index};
    if (parts.size() == 4 && parts[2] == "api") return Route{Route::Type::openapi_document, "", parts[3]};
    if (parts.size() == 5 && parts[2] == "apis") return Route{Route::Type::openapi_document, parts[3], parts[4]};
    return std::nullopt;
  }
  Route base{Route::Type::resource_list};
  size_t first = 0;
  if (parts.size() >= 2 && parts[0] == "api") {
    base.version = parts[1];
    first = 2;
  } else if (parts.size() >= 3 && parts[0] == "apis") {
    base.group = parts[1];
    base.version = parts[2];
    first = 3;
  } else {
    return std::nullopt;
  }
  if (parts.size() == first) return resource_list(base.group, base.version).is_null() ? std::nullopt : std::optional(base);
  if (base.group.empty() && parts.size() == 4 && parts[2] == "namespaces") {
    base.type = Route::Type::namespace_object;  // kubectl asks after a 404 whether the namespace exists
    base.name = parts[3];
    return base;
  }
  return resource_route(base, std::vector<std::string>(parts.begin() + static_cast<long>(first), parts.end()));
}

std::string verb_of(const std::string& method, const Route& route, const std::map<std::string, std::string>& query) {
  const bool collection = route.type == Route::Type::collection;
  if (method == "GET") {
    if (!collection) return "get";
    const auto watch = query.find("watch");
    return watch != query.end() && (watch->second == "true" || watch->second == "1") ? "watch" : "list";
  }
  if (method == "POST" && collection) return "create";
  if (method == "PATCH" && !collection) return "patch";
  if (method == "PUT" && !collection) return "update";
  if (method == "DELETE" && !collection) return "delete";
  return "";
}

std::string percent_decode(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

std::map<std::string, std::string> parse_query(const std::string& query) {
  std::map<std::string, std::string> values;
  std::stringstream in(query);
  for (std::string pair; std::getline(in, pair, '&');) {
    const auto equals = pair.find('=');
    if (equals == std::string::npos) values[percent_decode(pair)] = "";
    else values[percent_decode(pair.substr(0, equals))] = percent_decode(pair.substr(equals + 1));
  }
  return values;
}

}  // namespace kube_test
