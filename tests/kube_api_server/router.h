// From a request path to what it names: a discovery or OpenAPI document, a collection of one resource
// (in a namespace or across all), one object, an object's status subresource, or a pod's
// proxy subresource.
#pragma once
#include <map>
#include <optional>
#include <string>

#include "resources.h"

namespace kube_test {

struct Route {
  enum class Type { core_versions, group_list, resource_list, version, collection, object, status, namespace_object, proxy, openapi_index, openapi_document } type;
  std::string group, version;
  const Resource* resource = nullptr;
  std::string ns, name;  // proxy: name is NAME or NAME:PORT
  std::string subpath;   // proxy: the path after .../proxy/
};

// nullopt for paths the API does not have (404).
std::optional<Route> route(const std::string& path);

// The Kubernetes verb: get, list, watch, patch, create, update, delete ("" if none fits).
std::string verb_of(const std::string& method, const Route& route, const std::map<std::string, std::string>& query);

std::string percent_decode(const std::string& text);
std::map<std::string, std::string> parse_query(const std::string& query);

}  // namespace kube_test
