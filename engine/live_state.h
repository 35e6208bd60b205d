// What is live: the objects synops read, by identity, with the resourceVersion that ties a
// plan to the state it was made from. Filled by a live source (snapshot or Kubernetes API).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "object_ref.h"

namespace synops {

struct LiveObject {
  ObjectRef ref;
  std::string api_version;
  std::string resource_version;
  nlohmann::json body;  // the object as the API returned it
};

class LiveState {
 public:
  void add(LiveObject object);
  const LiveObject* find(const ObjectRef& ref) const;
  // Objects with this name in the namespace, whatever their kind (to say "found a
  // Deployment where the manifests name a StatefulSet").
  std::vector<const LiveObject*> find_by_name(const std::string& ns, const std::string& name) const;
  std::vector<const LiveObject*> of_kind(const std::string& kind) const;
  const std::map<ObjectRef, LiveObject>& objects() const { return objects_; }
  size_t size() const { return objects_.size(); }

  // sha256 over the sorted (identity, resourceVersion) pairs: a saved plan carries it,
  // and apply refuses when it no longer matches.
  std::string fingerprint() const;

 private:
  std::map<ObjectRef, LiveObject> objects_;
};

}  // namespace synops
