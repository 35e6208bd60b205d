// What is live: the objects synops read, by identity, with the resourceVersion that ties a
// plan to the state it was made from. Filled by a live source (snapshot or Kubernetes API).
//
// Every source keeps the same part of an object (prune_live_body), so that a snapshot and a
// read of the cluster it was taken from hold equal bodies: spec, status, data, labels and
// the rest of metadata stay; the bulk no part of synops reads goes, and so do secret values
// synops does not need:
//   - metadata.managedFields;
//   - the annotation kubectl.kubernetes.io/last-applied-configuration;
//   - the spec of a Pod (what runs is its workload's template; a Pod's metadata and status
//     stay, for readiness and drift);
//   - of a Secret labelled owner=helm (a Helm release), every data key but `release`, and
//     stringData; of any other Secret, everything but apiVersion, kind and
//     metadata.name/namespace/resourceVersion/uid.
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
  nlohmann::json body;  // the object as the API returned it, pruned (see above)
};

// Drops from an object what LiveState does not keep (see above). Idempotent.
void prune_live_body(nlohmann::json& body);

class LiveState {
 public:
  // Prunes object.body; an object with the same identity replaces the one held.
  void add(LiveObject object);
  const LiveObject* find(const ObjectRef& ref) const;
  // Objects with this name in the namespace, whatever their kind (to say "found a
  // Deployment where the manifests name a StatefulSet"); ordered by kind.
  std::vector<const LiveObject*> find_by_name(const std::string& ns, const std::string& name) const;
  // Objects of one kind, ordered by namespace and name.
  std::vector<const LiveObject*> of_kind(const std::string& kind) const;
  const std::map<ObjectRef, LiveObject>& objects() const { return objects_; }
  size_t size() const { return objects_.size(); }

  // sha256 over the sorted (identity, resourceVersion) pairs: a saved plan carries it,
  // and apply refuses when it no longer matches.
  std::string fingerprint() const;

 private:
  // Ordered by kind first, so one kind is a contiguous range: of_kind and find_by_name
  // cost a lookup per kind instead of a pass over every object.
  std::map<ObjectRef, LiveObject> objects_;
  std::map<std::string, size_t, std::less<>> kinds_;  // kind -> objects of it
};

}  // namespace synops
