#include "openapi.h"

#include <functional>
#include <set>

#include "resources.h"

namespace kube_test {

namespace {

std::string path_key(const std::string& group, const std::string& version) {
  return group.empty() ? "api/" + version : "apis/" + group + "/" + version;
}

nlohmann::json query_parameter(const char* name) {
  return {{"name", name}, {"in", "query"}, {"schema", {{"type", "string"}, {"uniqueItems", true}}}};
}

// The query parameters of a write, as the API declares them (dryRun, fieldManager, fieldValidation).
nlohmann::json write_parameters() {
  return nlohmann::json::array({query_parameter("dryRun"), query_parameter("fieldManager"), query_parameter("fieldValidation")});
}

nlohmann::json operation(const Resource& resource, const std::string& action, bool writes) {
  nlohmann::json op = {{"operationId", action + resource.kind},
                       {"x-kubernetes-action", action},
                       {"x-kubernetes-group-version-kind", {{"group", resource.group}, {"version", resource.version}, {"kind", resource.kind}}},
                       {"responses", {{"200", {{"description", "OK"}}}}}};
  if (writes) op["parameters"] = write_parameters();
  return op;
}

// The hash clients cache a document by: it changes when the document does.
std::string document_hash(const nlohmann::json& document) { return std::to_string(std::hash<std::string>{}(document.dump())); }

}  // namespace

nlohmann::json openapi_document(const std::string& group, const std::string& version) {
  nlohmann::json paths = nlohmann::json::object();
  for (const auto& resource : resources()) {
    if (resource.group != group || resource.version != version) continue;
    const std::string base = "/" + path_key(group, version) + "/namespaces/{namespace}/" + resource.plural;
    paths[base] = {{"get", operation(resource, "list", false)}, {"post", operation(resource, "post", true)}};
    paths[base + "/{name}"] = {{"get", operation(resource, "get", false)},
                               {"put", operation(resource, "put", true)},
                               {"patch", operation(resource, "patch", true)},
                               {"delete", operation(resource, "delete", false)}};
    if (resource.has_status)
      paths[base + "/{name}/status"] = {{"get", operation(resource, "get", false)},
                                        {"put", operation(resource, "put", true)},
                                        {"patch", operation(resource, "patch", true)}};
  }
  if (paths.empty()) return nullptr;
  return {{"openapi", "3.0.0"},
          {"info", {{"title", "Kubernetes"}, {"version", "v1.30.0"}}},
          {"paths", paths},
          {"components", {{"schemas", nlohmann::json::object()}}}};
}

nlohmann::json openapi_index() {
  std::set<std::pair<std::string, std::string>> versions;
  for (const auto& resource : resources()) versions.insert({resource.group, resource.version});
  nlohmann::json paths = nlohmann::json::object();
  for (const auto& [group, version] : versions) {
    const std::string key = path_key(group, version);
    paths[key] = {{"serverRelativeURL", "/openapi/v3/" + key + "?hash=" + document_hash(openapi_document(group, version))}};
  }
  return {{"paths", paths}};
}

}  // namespace kube_test
