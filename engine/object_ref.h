// The identity of a live Kubernetes object: kind, namespace and name.
#pragma once
#include <compare>
#include <string>

namespace synops {

struct ObjectRef {
  std::string kind;
  std::string ns;
  std::string name;

  // "StatefulSet/matrix/synapse-main"; cluster-scoped objects have no namespace part.
  std::string str() const { return ns.empty() ? kind + "/" + name : kind + "/" + ns + "/" + name; }
  auto operator<=>(const ObjectRef&) const = default;
};

}  // namespace synops
