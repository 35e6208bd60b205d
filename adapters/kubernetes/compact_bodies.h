// The bodies of live objects as compact JSON (pruned_json.h), held until someone reads them: the
// LiveBody::Source of objects read from a snapshot or from the cluster's LIST pages. Each
// parsing thread appends to its own arena; after reading, `finish` pads the arenas and the
// bodies may be read from any thread.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "engine/live_state.h"

namespace synops::kube {

class CompactBodies : public LiveBody::Source {
 public:
  // One arena per parsing thread; text is appended to arena(i).chunk() and then recorded.
  class Arena {
   public:
    // Where the next body is to be written, with room for about `bytes`.
    std::string& chunk(size_t bytes);
    size_t chunk_index() const { return chunks_.size() - 1; }
    void finish();

   private:
    friend class CompactBodies;
    std::vector<std::string> chunks_;
  };
  struct Slice {
    size_t arena, chunk, offset, length;
  };

  explicit CompactBodies(size_t arenas) : arenas_(arenas) {}
  Arena& arena(size_t i) { return arenas_[i]; }
  // The index a LiveBody refers to.
  size_t record(Slice slice) {
    slices_.push_back(slice);
    return slices_.size() - 1;
  }
  void finish();
  nlohmann::json materialize(size_t index) const override;

 private:
  std::vector<Arena> arenas_;
  std::vector<Slice> slices_;
};

}  // namespace synops::kube
