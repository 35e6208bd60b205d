// The objects, in memory, with the API's versioning: one global resourceVersion counter
// bumped by every write (as etcd's revision), stamped into metadata.resourceVersion.
// Seeded objects keep the resourceVersion they were saved with, so a seeded snapshot reads
// back byte for byte; the counter starts above the highest one.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "resources.h"

namespace kube_test {

// An object coming into being or going away, as a watch would report it (ADDED, DELETED),
// kept for the whole life of the server so a test can replay what ran when: "the old and the
// new pods of a set never ran at once" is a question about every moment, not the end state.
struct Lifecycle {
  uint64_t version = 0;  // the resourceVersion of the event
  std::string event;     // "ADDED" or "DELETED"
  std::string resource;  // "pods", "statefulsets.apps"
  std::string ns, name;
  nlohmann::json labels;  // the object's labels when it was added or deleted
};

struct Stored {
  const Resource* resource = nullptr;
  nlohmann::json body;  // with kind and apiVersion
  uint64_t version = 0;
};

class Store {
 public:
  // Adds or replaces an object, keeping a numeric metadata.resourceVersion it carries.
  // Returns an error sentence, empty on success.
  std::string seed(nlohmann::json object);
  std::string seed_text(const std::string& text, const std::string& source);

  const Stored* find(const Resource& resource, const std::string& ns, const std::string& name) const;
  // Ordered by namespace and name; all namespaces when ns is empty.
  std::vector<const Stored*> list(const Resource& resource, const std::string& ns) const;

  // Stores a new version of an object (new or existing): the counter moves on.
  const Stored& write(const Resource& resource, nlohmann::json body);

  void erase(const Resource& resource, const std::string& ns, const std::string& name);

  uint64_t version() const { return version_; }
  // Every object added by a write (not seeded) or erased, oldest first.
  const std::vector<Lifecycle>& lifecycle() const { return lifecycle_; }

 private:
  using Key = std::tuple<std::string, std::string, std::string>;  // group/resource, namespace, name
  static Key key_of(const Resource& resource, const std::string& ns, const std::string& name);

  std::map<Key, Stored> objects_;
  uint64_t version_ = 0;
  std::vector<Lifecycle> lifecycle_;
};

}  // namespace kube_test
