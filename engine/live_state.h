// What is live: the objects synops read, by identity, with the resourceVersion that ties a
// plan to the state it was made from. Filled by a live source (snapshot or Kubernetes API).
//
// Every source keeps the same part of an object (prune_live_body), so that a snapshot and a
// read of the cluster it was taken from hold equal bodies: spec, status, data, labels and
// the rest of metadata stay; the bulk no part of synops reads goes, and so do secret values
// synops does not need:
//   - metadata.managedFields (so drift cannot tell from them when homeserver.yaml was last
//     written, and says so: docs/drift.md);
//   - the annotation kubectl.kubernetes.io/last-applied-configuration;
//   - the spec of a Pod (what runs is its workload's template; a Pod's metadata and status
//     stay, for readiness and drift);
//   - of a Secret labelled owner=helm (a Helm release), every data key but `release`, and
//     stringData; of any other Secret, everything but apiVersion, kind and
//     metadata.name/namespace/resourceVersion/uid.
#pragma once
#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "object_ref.h"

namespace synops {

// An object's body: JSON as the API returned it (pruned). A snapshot of 10,000 objects holds
// millions of JSON nodes a plan never looks at (every Pod's status, every label), so a source
// may hand over bodies still in a compact form, turned into nlohmann::json the first time
// someone reads them (once, thread-safe). Reading is the same either way: a LiveBody converts
// to `const nlohmann::json&` and forwards the members callers use (value, [], contains, find,
// ==); json() gives the JSON itself.
class LiveBody {
 public:
  // Where bodies not yet read come from; `materialize` must not fail (the source validated
  // the text when it read it).
  class Source {
   public:
    virtual ~Source() = default;
    virtual nlohmann::json materialize(size_t index) const = 0;
  };

  LiveBody() = default;
  LiveBody(nlohmann::json json) : json_(std::move(json)) {}  // NOLINT: a body is JSON
  LiveBody(nlohmann::json::initializer_list_t init) : json_(init) {}
  LiveBody(std::shared_ptr<const Source> source, size_t index) : source_(std::move(source)), index_(index), ready_(false) {}
  LiveBody(const LiveBody& other);
  LiveBody(LiveBody&& other) noexcept;
  LiveBody& operator=(const LiveBody& other);
  LiveBody& operator=(LiveBody&& other) noexcept;
  LiveBody& operator=(nlohmann::json json);

  const nlohmann::json& json() const;
  nlohmann::json& json();
  operator const nlohmann::json&() const { return json(); }  // NOLINT: reads like the JSON it is
  operator nlohmann::json&() { return json(); }              // NOLINT
  // False while the body is still in its source's compact form.
  bool materialized() const { return ready_.load(std::memory_order_acquire); }
  // f(the JSON), leaving a body still compact in that form: the JSON is made for this call
  // alone. For a pass that reads every body once (the readiness of every Pod), which would
  // otherwise keep the JSON of them all.
  template <class F>
  decltype(auto) read_once(F&& f) const {
    if (materialized()) return f(static_cast<const nlohmann::json&>(json_));
    const nlohmann::json transient = source_->materialize(index_);
    return f(transient);
  }

  template <class... Args>
  auto value(Args&&... args) const {
    return json().value(std::forward<Args>(args)...);
  }
  template <class Key>
  decltype(auto) operator[](Key&& key) const {
    return json()[std::forward<Key>(key)];
  }
  template <class Key>
  decltype(auto) operator[](Key&& key) {
    return json()[std::forward<Key>(key)];
  }
  template <class Key>
  decltype(auto) at(Key&& key) const {
    return json().at(std::forward<Key>(key));
  }
  template <class Key>
  bool contains(Key&& key) const {
    return json().contains(std::forward<Key>(key));
  }
  template <class Key>
  auto find(Key&& key) const {
    return json().find(std::forward<Key>(key));
  }
  auto begin() const { return json().begin(); }
  auto end() const { return json().end(); }
  bool is_object() const { return json().is_object(); }
  bool is_null() const { return json().is_null(); }
  std::string dump(int indent = -1) const { return json().dump(indent); }

  friend bool operator==(const LiveBody& a, const LiveBody& b) { return a.json() == b.json(); }
  friend bool operator==(const LiveBody& a, const nlohmann::json& b) { return a.json() == b; }

 private:
  mutable nlohmann::json json_;
  std::shared_ptr<const Source> source_;  // set while not materialized
  size_t index_ = 0;
  mutable std::atomic<bool> ready_{true};
};

struct LiveObject {
  ObjectRef ref;
  std::string api_version;
  std::string resource_version;
  LiveBody body;  // the object as the API returned it, pruned (see above)
};

// Drops from an object what LiveState does not keep (see above). Idempotent.
void prune_live_body(nlohmann::json& body);

class LiveState {
 public:
  // Prunes object.body (a body still in a source's compact form is pruned already); an
  // object with the same identity replaces the one held.
  void add(LiveObject object);
  const LiveObject* find(const ObjectRef& ref) const;
  // Objects with this name in the namespace, whatever their kind (to say "found a
  // Deployment where the manifests name a StatefulSet"); ordered by kind.
  std::vector<const LiveObject*> find_by_name(const std::string& ns, const std::string& name) const;
  // Objects of one kind, ordered by namespace and name.
  std::vector<const LiveObject*> of_kind(const std::string& kind) const;
  const std::map<ObjectRef, LiveObject>& objects() const { return objects_; }
  size_t size() const { return objects_.size(); }

  // sha256 over the sorted (identity, resourceVersion) pairs: a saved plan carries it
  // (apply PLANFILE checks the plan's `reads` instead: stages/apply/stale_plan.h).
  std::string fingerprint() const;

 private:
  // Ordered by kind first, so one kind is a contiguous range: of_kind and find_by_name
  // cost a lookup per kind instead of a pass over every object.
  std::map<ObjectRef, LiveObject> objects_;
  std::map<std::string, size_t, std::less<>> kinds_;  // kind -> objects of it
};

}  // namespace synops
