// What LiveState keeps of an object (the list in live_state.h), as the one policy both
// readers apply member by member: prune_live_body on nlohmann JSON (API pages, plan files)
// and the snapshot reader's simdjson walk (adapters/snapshot/pruned_json.cpp), so that a
// snapshot and a read of the cluster it was taken from hold equal bodies.
#pragma once
#include <string_view>

namespace synops::pruning {

// Where a member sits: the object itself, its metadata, metadata.annotations, or data.
enum class Level { other, root, metadata, annotations, data };

enum class SecretShape {
  none,           // not a Secret
  helm_release,   // labelled owner=helm: only data.release stays
  identity_only,  // any other Secret: only what names it stays
};

struct Rules {
  bool pod = false;
  SecretShape secret = SecretShape::none;
};

// The rules for an object of `kind`; `helm_owned` says its metadata.labels.owner is "helm".
Rules rules_for(std::string_view kind, bool helm_owned);

// Whether the member `key` of the object at `level` is dropped.
bool dropped(Level level, std::string_view key, const Rules& rules);

// The level of member `key`'s value, for an object at `level`.
Level child_level(Level level, std::string_view key);

}  // namespace synops::pruning
