// The kinds synops reads and writes, and where the API serves them. A fixed table rather
// than discovery: synops knows exactly which objects it owns fields of, and a kind missing
// from the server (a CRD not installed) must be an error, not a silent omission.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace synops::kube {

struct KindInfo {
  std::string kind;     // "StatefulSet"
  std::string group;    // "apps"; empty for the core group
  std::string version;  // "v1"
  std::string plural;   // "statefulsets"
  bool namespaced = true;
  bool built_in = true;  // false for custom resources (no strategic merge patch)
  bool planned = true;   // read into the live state plans are made from; false: only apply touches it

  std::string api_version() const { return group.empty() ? version : group + "/" + version; }
  // "statefulsets.apps/v1", the way people and kubectl name a resource.
  std::string resource_name() const { return plural + (group.empty() ? "" : "." + group) + "/" + version; }
  // "/apis/apps/v1/namespaces/matrix/statefulsets"; all namespaces when ns is empty.
  std::string collection_path(const std::string& ns) const;
  std::string object_path(const std::string& ns, const std::string& name) const;
};

const std::vector<KindInfo>& known_kinds();
const KindInfo* find_kind(std::string_view kind);

}  // namespace synops::kube
