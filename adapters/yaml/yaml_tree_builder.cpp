#include "yaml_tree_builder.h"

#include <algorithm>
#include <map>

#include "tree_paths.h"
#include "yaml_key_colon.h"
#include "engine/json_pointer.h"
#include "yaml_scalar.h"

namespace synops {
namespace {

using Event = YamlEvent;
using Type = YamlEvent::Type;

// Thrown to stop at a problem after which the rest of the document means nothing.
struct StopBuilding {
  Diagnostic diagnostic;
};

struct Anchor {
  std::string pointer;  // where the anchored node sits
  int height = 0;       // levels of collections it holds (0 for a scalar)
};

// A mapping or sequence whose events are still arriving.
struct Frame {
  nlohmann::json value;
  std::string pointer, path;
  bool is_map = false;
  bool is_flow = false;
  bool discard = false;  // the value of a dropped key: built, never stored
  std::size_t anchor = 0;
  int height = 1;
  // A mapping alternates keys and values; this is the key waiting for its value.
  bool has_key = false;
  bool key_discard = false;
  std::string key;
};

// Where the next node goes.
struct Slot {
  std::string pointer, path;
  bool discard = false;
};

const std::string kCoreStr = "tag:yaml.org,2002:str";

// Copies the entries at `from` and below it to `to`; a sorted map keeps a subtree's
// pointers together.
template <class Map>
void copy_subtree(Map& map, const std::string& from, const std::string& to, bool include_root) {
  std::vector<std::pair<std::string, typename Map::mapped_type>> copies;
  if (auto it = map.find(from); include_root && it != map.end()) copies.emplace_back(to, it->second);
  const std::string below = from + "/";
  for (auto it = map.lower_bound(below); it != map.end() && it->first.starts_with(below); ++it)
    copies.emplace_back(to + it->first.substr(from.size()), it->second);
  for (auto& [pointer, value] : copies) map.insert_or_assign(std::move(pointer), std::move(value));
}

// The bytes the pointers of a subtree would take if it were copied from `from` to `to`.
std::size_t copied_path_bytes(const std::map<std::string, SourcePosition>& positions, const std::string& from,
                              const std::string& to) {
  std::size_t bytes = to.size();
  const std::string below = from + "/";
  for (auto it = positions.lower_bound(below); it != positions.end() && it->first.starts_with(below); ++it)
    bytes += to.size() + it->first.size() - from.size();
  return bytes;
}

class TreeBuilder {
 public:
  TreeBuilder(const YamlText& yaml, const std::string& file, std::size_t max_path_bytes)
      : yaml_(yaml), file_(file), max_path_bytes_(max_path_bytes) {}

  void apply(const Event& e) {
    switch (e.type) {
      case Type::null: return on_null(e);
      case Type::scalar: return on_scalar(e);
      case Type::alias: return on_alias(e);
      case Type::sequence_start: return start_collection(e, false);
      case Type::mapping_start: return start_collection(e, true);
      case Type::sequence_end:
      case Type::mapping_end: return finish_collection();
    }
  }

  Diagnostics& problems() { return problems_; }

  LocatedTree take_tree() {
    if (!has_root_) tree_.positions[""] = SourcePosition{file_, 1, 1};
    tree_.value = has_root_ ? std::move(root_) : nlohmann::json(nullptr);
    return std::move(tree_);
  }

 private:
  SourcePosition position(const Event& e) const { return yaml_.position(file_, e.line, e.column); }

  [[noreturn]] void stop(const Event& e, std::string message) const {
    throw StopBuilding{Diagnostic{position(e), std::move(message)}};
  }

  void problem(const Event& e, std::string message) { problems_.push_back(Diagnostic{position(e), std::move(message)}); }

  // Counts the pointer bytes a new node (or copied subtree) adds, before they are stored.
  void charge(const Event& e, std::size_t bytes) {
    path_bytes_ += bytes;
    if (path_bytes_ > max_path_bytes_) stop(e, paths_too_long_message(max_path_bytes_));
  }

  void on_null(const Event& e) {
    const std::string text = null_text(e);
    if (awaiting_key()) return take_key(text, e, "?");
    add_scalar(nullptr, text, text.empty() ? empty_value_position(e) : position(e), e);
  }

  void on_scalar(const Event& e) {
    if (awaiting_key()) return take_key(e.text, e, e.tag);
    auto value = resolve_scalar(e.text, e.tag);
    if (!value) problem(e, value.error());
    add_scalar(value ? std::move(*value) : nlohmann::json(e.text), e.text, position(e), e);
  }

  void on_alias(const Event& e) {
    const auto found = anchors_.find(e.anchor);
    if (found == anchors_.end())
      stop(e, "alias *" + e.anchor_name + " cannot be expanded here: it points into its own anchor or into a dropped value");
    if (awaiting_key()) return take_alias_key(found->second, e);
    expand_alias(found->second, e);
  }

  // yaml-cpp reports `key:` with no value, and the words null and ~, as a null event
  // without text; the text as written is read back from the source.
  std::string null_text(const Event& e) const {
    if (e.line >= yaml_.line_starts.size()) return "";
    const std::string_view rest =
        std::string_view(yaml_.text).substr(std::min(yaml_.text.size(), yaml_.line_starts[e.line] + e.column));
    for (std::string_view word : {"~", "null", "Null", "NULL"}) {
      if (!rest.starts_with(word)) continue;
      const char next = rest.size() > word.size() ? rest[word.size()] : ' ';
      if (std::string_view(" \t\n,]}#:").find(next) != std::string_view::npos) return std::string(word);
    }
    return "";
  }

  bool awaiting_key() const { return !frames_.empty() && frames_.back().is_map && !frames_.back().has_key; }

  Slot next_slot() const {
    if (frames_.empty()) return Slot{"", "", false};
    const Frame& top = frames_.back();
    if (top.is_map)
      return Slot{pointer_join(top.pointer, top.key), path_child(top.path, top.key), top.discard || top.key_discard};
    return Slot{pointer_index(top.pointer, top.value.size()), path_index(top.path, top.value.size()), top.discard};
  }

  void take_key(const std::string& text, const Event& e, const std::string& tag) {
    if (tag != "?" && tag != "!" && tag != kCoreStr)
      problem(e, "tag " + tag_display_name(tag) + " is not supported on a mapping key");
    Frame& top = frames_.back();
    if (!top.is_flow && tag == "?" && key_lacks_colon(yaml_, e.line, e.column, text))
      stop(e, "invalid YAML: \"" + text + "\" is not followed by ':' (a key needs one, and a value cannot be here)");
    top.key = text;
    top.has_key = true;
    top.key_discard = false;
    if (top.discard) return;
    const std::string member = pointer_join(top.pointer, text);
    if (tag == "?" && text == "<<") {
      problem(e, "merge keys (<<) are not supported; write the keys out");
      top.key_discard = true;
    } else if (auto first = tree_.key_positions.find(member); first != tree_.key_positions.end()) {
      problem(e, "duplicate key \"" + text + "\" " + where_in(top.path) + " (first set at " + first->second.str() + ")");
      top.key_discard = true;
    } else {
      tree_.key_positions[member] = position(e);
    }
  }

  void take_alias_key(const Anchor& anchor, const Event& e) {
    if (anchor.height > 0) stop(e, "a mapping key must be a scalar, not a mapping or a sequence");
    const auto raw = tree_.raw.find(anchor.pointer);
    take_key(raw == tree_.raw.end() ? "" : raw->second, e, "!");
  }

  // yaml-cpp places a missing value (`key:` and nothing) at the next token, often on a
  // later line; the key is where a reader looks for it.
  SourcePosition empty_value_position(const Event& e) const {
    if (frames_.empty() || !frames_.back().is_map) return position(e);
    const auto key = tree_.key_positions.find(next_slot().pointer);
    return key == tree_.key_positions.end() ? position(e) : key->second;
  }

  void add_scalar(nlohmann::json value, const std::string& text, const SourcePosition& at, const Event& e) {
    const Slot slot = next_slot();
    charge(e, slot.pointer.size());
    if (!slot.discard) {
      tree_.positions[slot.pointer] = at;
      tree_.raw[slot.pointer] = text;
      if (e.anchor != 0) anchors_[e.anchor] = Anchor{slot.pointer, 0};
    }
    attach(std::move(value), 0);
  }

  // The anchored value is copied, with its positions; the copy's root is placed at the alias.
  void expand_alias(const Anchor& anchor, const Event& e) {
    const Slot slot = next_slot();
    charge(e, copied_path_bytes(tree_.positions, anchor.pointer, slot.pointer));
    nlohmann::json copy = lookup(anchor.pointer);
    if (!slot.discard) {
      copy_subtree(tree_.positions, anchor.pointer, slot.pointer, true);
      copy_subtree(tree_.raw, anchor.pointer, slot.pointer, true);
      copy_subtree(tree_.key_positions, anchor.pointer, slot.pointer, false);
      tree_.positions[slot.pointer] = position(e);
    }
    attach(std::move(copy), anchor.height);
  }

  // A complete node lies inside the innermost open collection that contains its pointer.
  const nlohmann::json& lookup(const std::string& pointer) const {
    for (auto frame = frames_.rbegin(); frame != frames_.rend(); ++frame) {
      if (pointer != frame->pointer && pointer_within(pointer, frame->pointer))
        return frame->value.at(nlohmann::json::json_pointer(pointer.substr(frame->pointer.size())));
    }
    return root_.at(nlohmann::json::json_pointer(pointer));
  }

  void check_collection_tag(const Event& e, bool is_map) {
    const std::string expected = is_map ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq";
    if (e.tag == "?" || e.tag == "!" || e.tag == expected) return;
    problem(e, "tag " + tag_display_name(e.tag) + " is not supported on a " + (is_map ? "mapping" : "sequence"));
  }

  void start_collection(const Event& e, bool is_map) {
    if (awaiting_key()) stop(e, "a mapping key must be a scalar, not a mapping or a sequence");
    check_collection_tag(e, is_map);
    Slot slot = next_slot();
    charge(e, slot.pointer.size());
    if (!slot.discard) tree_.positions[slot.pointer] = position(e);
    Frame frame;
    frame.value = is_map ? nlohmann::json::object() : nlohmann::json::array();
    frame.pointer = std::move(slot.pointer);
    frame.path = std::move(slot.path);
    frame.is_map = is_map;
    frame.is_flow = e.flow;
    frame.discard = slot.discard;
    frame.anchor = e.anchor;
    frames_.push_back(std::move(frame));
  }

  void finish_collection() {
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    if (frame.anchor != 0 && !frame.discard) anchors_[frame.anchor] = Anchor{frame.pointer, frame.height};
    attach(std::move(frame.value), frame.height);
  }

  void attach(nlohmann::json value, int height) {
    if (frames_.empty()) {
      root_ = std::move(value);
      has_root_ = true;
      return;
    }
    Frame& top = frames_.back();
    top.height = std::max(top.height, height + 1);
    if (top.is_map) {
      if (!top.discard && !top.key_discard) top.value[top.key] = std::move(value);
      top.has_key = false;
    } else if (!top.discard) {
      top.value.push_back(std::move(value));
    }
  }

  const YamlText& yaml_;
  const std::string& file_;
  LocatedTree tree_;
  nlohmann::json root_;
  bool has_root_ = false;
  std::vector<Frame> frames_;
  std::map<std::size_t, Anchor> anchors_;
  std::size_t path_bytes_ = 0;
  std::size_t max_path_bytes_;
  Diagnostics problems_;
};

}  // namespace

Result<LocatedTree> build_yaml_tree(const std::vector<YamlEvent>& events, const YamlText& yaml, const std::string& file,
                                    const YamlLimits& limits) {
  TreeBuilder builder(yaml, file, limits.max_path_bytes);
  try {
    for (const YamlEvent& event : events) builder.apply(event);
  } catch (const StopBuilding& stop) {
    builder.problems().push_back(stop.diagnostic);
  }
  if (!builder.problems().empty()) return fail(std::move(builder.problems()));
  return builder.take_tree();
}

}  // namespace synops
