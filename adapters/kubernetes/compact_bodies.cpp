#include "compact_bodies.h"

#include "pruned_json.h"

namespace synops::kube {

namespace {
constexpr size_t kChunkBytes = 4u << 20;
}

std::string& CompactBodies::Arena::chunk(size_t bytes) {
  if (chunks_.empty() || chunks_.back().size() + bytes > chunks_.back().capacity()) {
    if (!chunks_.empty()) chunks_.back().append(kParserPadding, ' ');
    chunks_.emplace_back().reserve(std::max(kChunkBytes, bytes + kParserPadding));
  }
  return chunks_.back();
}

void CompactBodies::Arena::finish() {
  if (!chunks_.empty()) chunks_.back().append(kParserPadding, ' ');
}

void CompactBodies::finish() {
  for (auto& arena : arenas_) arena.finish();
}

nlohmann::json CompactBodies::materialize(size_t index) const {
  const Slice& slice = slices_[index];
  const std::string& chunk = arenas_[slice.arena].chunks_[slice.chunk];
  return materialize_compact(std::string_view(chunk).substr(slice.offset, slice.length), chunk.size() - slice.offset);
}

}  // namespace synops::kube
