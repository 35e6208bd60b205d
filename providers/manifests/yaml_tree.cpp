#include "yaml_tree.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <map>
#include <sstream>
#include <vector>

#include "tree_paths.h"
#include "yaml_scalar.h"

namespace synops {
namespace {

// Thrown by the event handlers to stop at a problem after which the rest means nothing.
struct StopParsing {
  Diagnostic diagnostic;
};

struct Anchor {
  std::string pointer;  // where the anchored node sits (TreeBuilder)
  int height = 0;       // levels of collections it holds (0 for a scalar)
};

struct AnchorSize {
  std::size_t nodes = 0;  // the nodes it holds, its own aliases expanded
  int height = 0;         // levels of collections it holds (0 for a scalar)
};

// A mapping or sequence whose events are still arriving.
struct Frame {
  nlohmann::json value;
  std::string pointer, path;
  bool is_map = false;
  bool discard = false;  // the value of a dropped key: parsed, never stored
  YAML::anchor_t anchor = YAML::NullAnchor;
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

// Copies the entries at `from` and below it to `to`; the sorted map keeps a subtree's
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

// A first pass over the events that only counts: nodes with aliases expanded, and depth
// with aliases expanded. It stops an alias bomb after a few hundred events, before the
// builder copies anything; a document within the limits is then built in a second pass.
class LimitCounter final : public YAML::EventHandler {
 public:
  LimitCounter(const YamlText& yaml, const std::string& file, const YamlLimits& limits)
      : yaml_(yaml), file_(file), limits_(limits) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string&) override {
    leaf(mark, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const AnchorSize& anchored = anchors_[anchor];  // unknown (recursive) aliases count as one node
    count(mark, std::max<std::size_t>(1, anchored.nodes), anchored.height);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    YAML::anchor_t anchor;
    std::size_t nodes_before;
    int height;
  };

  void count(const YAML::Mark& mark, std::size_t nodes, int height) {
    nodes_ += nodes;
    const SourcePosition at = yaml_.position(file_, std::max(0, mark.line), std::max(0, mark.column));
    if (nodes_ > limits_.max_nodes) throw StopParsing{Diagnostic{at, too_many_nodes_message(limits_.max_nodes)}};
    if (static_cast<int>(open_.size()) + height > limits_.max_depth)
      throw StopParsing{Diagnostic{at, too_deep_message(limits_.max_depth)}};
    if (!open_.empty()) open_.back().height = std::max(open_.back().height, height + 1);
  }

  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    count(mark, 1, 0);
    if (anchor != YAML::NullAnchor) anchors_[anchor] = AnchorSize{1, 0};
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    count(mark, 1, 1);
    open_.push_back(Open{anchor, nodes_ - 1, 1});
  }

  void close() {
    const Open done = open_.back();
    open_.pop_back();
    if (done.anchor != YAML::NullAnchor) anchors_[done.anchor] = AnchorSize{nodes_ - done.nodes_before, done.height};
  }

  const YamlText& yaml_;
  const std::string& file_;
  const YamlLimits& limits_;
  std::vector<Open> open_;
  std::map<YAML::anchor_t, AnchorSize> anchors_;
  std::size_t nodes_ = 0;
};

// The second pass: builds the JSON value and the position, key position and raw text of
// every node. Limits were checked by LimitCounter.
class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(const YamlText& yaml, const std::string& file) : yaml_(yaml), file_(file) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_anchor_name_ = name; }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const std::string text = null_text(mark);
    if (awaiting_key()) return take_key(text, mark, "?");
    add_scalar(nullptr, text, text.empty() ? empty_value_position(mark) : position(mark), anchor);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& text) override {
    if (awaiting_key()) return take_key(text, mark, tag);
    auto value = resolve_scalar(text, tag);
    if (!value) problem(mark, value.error());
    add_scalar(value ? std::move(*value) : nlohmann::json(text), text, position(mark), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto found = anchors_.find(anchor);
    if (found == anchors_.end())
      stop(mark, "alias *" + anchor_names_[anchor] +
                     " cannot be expanded here: it points into its own anchor or into a dropped value");
    if (awaiting_key()) return take_alias_key(found->second, mark);
    expand_alias(found->second, mark);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    start_collection(mark, tag, anchor, false);
  }
  void OnSequenceEnd() override { finish_collection(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    start_collection(mark, tag, anchor, true);
  }
  void OnMapEnd() override { finish_collection(); }

  Diagnostics& problems() { return problems_; }

  LocatedTree take_tree() {
    if (!has_root_) tree_.positions[""] = SourcePosition{file_, 1, 1};
    tree_.value = has_root_ ? std::move(root_) : nlohmann::json(nullptr);
    return std::move(tree_);
  }

 private:
  SourcePosition position(const YAML::Mark& mark) const {
    if (mark.line < 0) return SourcePosition{file_, 1, 1};
    return yaml_.position(file_, static_cast<std::size_t>(mark.line), static_cast<std::size_t>(mark.column));
  }

  [[noreturn]] void stop(const YAML::Mark& mark, std::string message) const {
    throw StopParsing{Diagnostic{position(mark), std::move(message)}};
  }

  void problem(const YAML::Mark& mark, std::string message) {
    problems_.push_back(Diagnostic{position(mark), std::move(message)});
  }

  void name_anchor(YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor && !pending_anchor_name_.empty())
      anchor_names_[anchor] = std::exchange(pending_anchor_name_, {});
  }

  // yaml-cpp reports `key:` with no value, and the words null and ~, as a null event
  // without text; the text as written is read back from the source.
  std::string null_text(const YAML::Mark& mark) const {
    if (mark.line < 0 || static_cast<std::size_t>(mark.line) >= yaml_.line_starts.size()) return "";
    const std::string_view rest = std::string_view(yaml_.text).substr(
        std::min(yaml_.text.size(), yaml_.line_starts[mark.line] + mark.column));
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
      return Slot{pointer_child(top.pointer, top.key), path_child(top.path, top.key), top.discard || top.key_discard};
    return Slot{pointer_index(top.pointer, top.value.size()), path_index(top.path, top.value.size()), top.discard};
  }

  void take_key(const std::string& text, const YAML::Mark& mark, const std::string& tag) {
    if (tag != "?" && tag != "!" && tag != kCoreStr)
      problem(mark, "tag " + tag_display_name(tag) + " is not supported on a mapping key");
    Frame& top = frames_.back();
    top.key = text;
    top.has_key = true;
    top.key_discard = false;
    if (top.discard) return;
    const std::string member = pointer_child(top.pointer, text);
    if (tag == "?" && text == "<<") {
      problem(mark, "merge keys (<<) are not supported; write the keys out");
      top.key_discard = true;
    } else if (auto first = tree_.key_positions.find(member); first != tree_.key_positions.end()) {
      problem(mark, "duplicate key \"" + text + "\" " + where_in(top.path) + " (first set at " + first->second.str() + ")");
      top.key_discard = true;
    } else {
      tree_.key_positions[member] = position(mark);
    }
  }

  void take_alias_key(const Anchor& anchor, const YAML::Mark& mark) {
    if (anchor.height > 0) stop(mark, "a mapping key must be a scalar, not a mapping or a sequence");
    const auto raw = tree_.raw.find(anchor.pointer);
    take_key(raw == tree_.raw.end() ? "" : raw->second, mark, "!");
  }

  // yaml-cpp places a missing value (`key:` and nothing) at the next token, often on a
  // later line; the key is where a reader looks for it.
  SourcePosition empty_value_position(const YAML::Mark& mark) const {
    if (frames_.empty() || !frames_.back().is_map) return position(mark);
    const auto key = tree_.key_positions.find(next_slot().pointer);
    return key == tree_.key_positions.end() ? position(mark) : key->second;
  }

  void add_scalar(nlohmann::json value, const std::string& text, const SourcePosition& at, YAML::anchor_t anchor) {
    name_anchor(anchor);
    const Slot slot = next_slot();
    if (!slot.discard) {
      tree_.positions[slot.pointer] = at;
      tree_.raw[slot.pointer] = text;
      if (anchor != YAML::NullAnchor) anchors_[anchor] = Anchor{slot.pointer, 0};
    }
    attach(std::move(value), 0);
  }

  // The anchored value is copied, with its positions; the copy's root is placed at the alias.
  void expand_alias(const Anchor& anchor, const YAML::Mark& mark) {
    const Slot slot = next_slot();
    nlohmann::json copy = lookup(anchor.pointer);
    if (!slot.discard) {
      copy_subtree(tree_.positions, anchor.pointer, slot.pointer, true);
      copy_subtree(tree_.raw, anchor.pointer, slot.pointer, true);
      copy_subtree(tree_.key_positions, anchor.pointer, slot.pointer, false);
      tree_.positions[slot.pointer] = position(mark);
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

  void check_collection_tag(const std::string& tag, bool is_map, const YAML::Mark& mark) {
    const std::string expected = is_map ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq";
    if (tag == "?" || tag == "!" || tag == expected) return;
    problem(mark, "tag " + tag_display_name(tag) + " is not supported on a " + (is_map ? "mapping" : "sequence"));
  }

  void start_collection(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, bool is_map) {
    if (awaiting_key()) stop(mark, "a mapping key must be a scalar, not a mapping or a sequence");
    check_collection_tag(tag, is_map, mark);
    name_anchor(anchor);
    Slot slot = next_slot();
    if (!slot.discard) tree_.positions[slot.pointer] = position(mark);
    Frame frame;
    frame.value = is_map ? nlohmann::json::object() : nlohmann::json::array();
    frame.pointer = std::move(slot.pointer);
    frame.path = std::move(slot.path);
    frame.is_map = is_map;
    frame.discard = slot.discard;
    frame.anchor = anchor;
    frames_.push_back(std::move(frame));
  }

  void finish_collection() {
    Frame frame = std::move(frames_.back());
    frames_.pop_back();
    if (frame.anchor != YAML::NullAnchor && !frame.discard)
      anchors_[frame.anchor] = Anchor{frame.pointer, frame.height};
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
  std::map<YAML::anchor_t, Anchor> anchors_;
  std::map<YAML::anchor_t, std::string> anchor_names_;
  std::string pending_anchor_name_;
  Diagnostics problems_;
};

// Reads the documents after the first: empty ones (a trailing `---`) are fine, any
// content is not, since a manifest file is one document.
class ExtraDocumentCheck final : public YAML::EventHandler {
 public:
  ExtraDocumentCheck(const YamlText& yaml, const std::string& file) : yaml_(yaml), file_(file) {}

  void OnDocumentStart(const YAML::Mark& mark) override { start_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override { refuse(); }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override { refuse(); }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { refuse(); }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override { refuse(); }
  void OnMapEnd() override {}

 private:
  [[noreturn]] void refuse() const {
    const SourcePosition at = yaml_.position(file_, std::max(0, start_.line), std::max(0, start_.column));
    throw StopParsing{Diagnostic{at, "a second YAML document starts here; a manifest file holds one document"}};
  }

  const YamlText& yaml_;
  const std::string& file_;
  YAML::Mark start_;
};

bool indented_with_tab(const YamlText& yaml, int line) {
  if (line < 0 || static_cast<std::size_t>(line) >= yaml.line_starts.size()) return false;
  for (std::size_t i = yaml.line_starts[line]; i < yaml.text.size(); ++i) {
    if (yaml.text[i] == '\t') return true;
    if (yaml.text[i] != ' ') return false;
  }
  return false;
}

Diagnostic syntax_error(const YamlText& yaml, const std::string& file, const YAML::Exception& e) {
  SourcePosition at{file, 1, 1};
  if (e.mark.line >= 0) at = yaml.position(file, e.mark.line, std::max(0, e.mark.column));
  std::string message = "invalid YAML: " + e.msg;
  if (indented_with_tab(yaml, e.mark.line)) message += " (YAML is indented with spaces, not tabs)";
  return Diagnostic{at, message};
}

}  // namespace

Result<LocatedTree> parse_yaml_tree(std::string_view text, const std::string& file, const YamlLimits& limits) {
  auto yaml = prepare_yaml_text(text, file, limits);
  if (!yaml) return fail(std::move(yaml.error()));
  TreeBuilder builder(*yaml, file);
  Diagnostics problems;
  try {
    std::istringstream counted_text(yaml->text);
    YAML::Parser counted(counted_text);
    LimitCounter counter(*yaml, file, limits);
    counted.HandleNextDocument(counter);
    std::istringstream in(yaml->text);
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
    ExtraDocumentCheck extra(*yaml, file);
    while (parser.HandleNextDocument(extra)) {
    }
  } catch (const StopParsing& stop) {
    problems.push_back(stop.diagnostic);
  } catch (const YAML::Exception& e) {
    problems.push_back(syntax_error(*yaml, file, e));
  } catch (const std::exception& e) {
    problems.push_back(Diagnostic{{file, 1, 1}, std::string("cannot read the YAML: ") + e.what()});
  }
  problems.insert(problems.end(), builder.problems().begin(), builder.problems().end());
  if (!problems.empty()) {
    sort_diagnostics(problems);
    return fail(std::move(problems));
  }
  return builder.take_tree();
}

}  // namespace synops
