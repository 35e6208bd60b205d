#include "tree_merge.h"

#include <algorithm>

#include "adapters/yaml/tree_paths.h"
#include "engine/json_pointer.h"

namespace synops {
namespace {

// Copies the entries at `pointer` and below from one map to the other.
template <class Map>
void copy_entries(const Map& from, Map& to, const std::string& pointer) {
  for (auto it = from.lower_bound(pointer); it != from.end() && it->first.starts_with(pointer); ++it)
    if (pointer_within(it->first, pointer)) to.insert_or_assign(it->first, it->second);
}

void copy_member(LocatedTree& into, const LocatedTree& from, const std::string& pointer) {
  copy_entries(from.positions, into.positions, pointer);
  copy_entries(from.key_positions, into.key_positions, pointer);
  copy_entries(from.raw, into.raw, pointer);
}

// A mapping written in several files sits at the earliest of its places.
void keep_earliest(std::map<std::string, SourcePosition>& into, const std::map<std::string, SourcePosition>& from,
                   const std::string& pointer) {
  const auto other = from.find(pointer);
  if (other == from.end()) return;
  auto [mine, inserted] = into.try_emplace(pointer, other->second);
  if (!inserted) mine->second = std::min(mine->second, other->second);
}

std::string dotted(const std::string& path) { return path.empty() ? "(top level)" : path; }

void report_conflict(const LocatedTree& into, const LocatedTree& from, const std::string& pointer,
                     const std::string& path, Diagnostics& problems) {
  const SourcePosition a = into.position_of(pointer), b = from.position_of(pointer);
  problems.push_back(Diagnostic{std::max(a, b), "key \"" + dotted(path) + "\" is set in " + std::min(a, b).str() + " and again here"});
}

void merge_mapping(nlohmann::json& into_value, const nlohmann::json& from_value, LocatedTree& into,
                   const LocatedTree& from, const std::string& pointer, const std::string& path,
                   Diagnostics& problems) {
  for (const auto& [key, value] : from_value.items()) {
    const std::string child = pointer_join(pointer, key), child_path = path_child(path, key);
    const auto existing = into_value.find(key);
    if (existing == into_value.end()) {
      into_value[key] = value;
      copy_member(into, from, child);
    } else if (existing->is_object() && value.is_object()) {
      keep_earliest(into.positions, from.positions, child);
      keep_earliest(into.key_positions, from.key_positions, child);
      merge_mapping(*existing, value, into, from, child, child_path, problems);
    } else {
      report_conflict(into, from, child, child_path, problems);
    }
  }
}

}  // namespace

void merge_tree(LocatedTree& into, const LocatedTree& from, Diagnostics& problems) {
  if (into.value.is_null()) into.value = nlohmann::json::object();
  if (!from.value.is_object()) return;
  merge_mapping(into.value, from.value, into, from, "", "", problems);
}

}  // namespace synops
