// The resources this server serves and the discovery documents kubectl reads to find them
// (/api, /apis, /api/v1, /apis/<group>/<version>).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kube_test {

struct Resource {
  std::string kind, group, version, plural, singular;
  bool built_in = true;    // custom resources refuse strategic merge patch (415)
  bool has_status = true;  // status is a subresource: writes to the main resource keep it
  std::vector<std::string> short_names;

  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
  // "statefulsets.apps", as the API names a resource in messages.
  std::string group_resource() const { return group.empty() ? plural : plural + "." + group; }
  // "StatefulSet.apps", as the API names a kind in validation messages.
  std::string group_kind() const { return group.empty() ? kind : kind + "." + group; }
};

const std::vector<Resource>& resources();
const Resource* find_resource(const std::string& group, const std::string& version, const std::string& plural);
const Resource* find_resource_by_kind(const std::string& api_version, const std::string& kind);

nlohmann::json core_versions(const std::string& address);       // GET /api
nlohmann::json group_list();                                     // GET /apis
nlohmann::json resource_list(const std::string& group, const std::string& version);  // null when unknown
nlohmann::json server_version();                                 // GET /version

}  // namespace kube_test
