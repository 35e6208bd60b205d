// The yaml-cpp adapter: yaml-cpp's event parser feeds an EventRecorder, which checks the
// node and depth limits as events arrive (aliases counted expanded), so an alias bomb
// stops after a few hundred events and before anything is copied. The recorded events
// are then built into a tree by yaml_tree_builder.cpp. One parse, no yaml-cpp node tree.
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

#include "yaml_tree_builder.h"

namespace synops {
namespace {

// Thrown by the event handlers to stop the parser at a limit.
struct StopParsing {
  Diagnostic diagnostic;
};

SourcePosition position_of(const YamlText& yaml, const std::string& file, const YAML::Mark& mark) {
  return yaml.position(file, static_cast<std::size_t>(std::max(0, mark.line)), static_cast<std::size_t>(std::max(0, mark.column)));
}

class EventRecorder final : public YAML::EventHandler {
 public:
  EventRecorder(const YamlText& yaml, const std::string& file, const YamlLimits& limits)
      : yaml_(yaml), file_(file), limits_(limits) {}

  std::vector<YamlEvent>& events() { return events_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_name_ = name; }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    count(mark, 1, 0);
    record(YamlEvent::Type::null, mark, "?", anchor, "");
    if (anchor != YAML::NullAnchor) sizes_[anchor] = Size{1, 0};
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, const std::string& text) override {
    count(mark, 1, 0);
    record(YamlEvent::Type::scalar, mark, tag, anchor, text);
    if (anchor != YAML::NullAnchor) sizes_[anchor] = Size{1, 0};
  }

  // An alias counts as the nodes it expands to; one that points into its own anchor
  // counts as one (the builder refuses it).
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const Size size = sizes_.contains(anchor) ? sizes_[anchor] : Size{1, 0};
    count(mark, size.nodes, size.height);
    record(YamlEvent::Type::alias, mark, "", anchor, "");
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, YAML::EmitterStyle::value style) override {
    open(YamlEvent::Type::sequence_start, mark, tag, anchor, style == YAML::EmitterStyle::Flow);
  }
  void OnSequenceEnd() override { close(YamlEvent::Type::sequence_end); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, YAML::EmitterStyle::value style) override {
    open(YamlEvent::Type::mapping_start, mark, tag, anchor, style == YAML::EmitterStyle::Flow);
  }
  void OnMapEnd() override { close(YamlEvent::Type::mapping_end); }

 private:
  struct Size {
    std::size_t nodes = 0;  // nodes, aliases expanded
    int height = 0;         // levels of collections
  };
  struct Open {
    YAML::anchor_t anchor;
    std::size_t nodes_before;
    int height;
  };

  [[noreturn]] void stop(const YAML::Mark& mark, std::string message) const {
    throw StopParsing{Diagnostic{position_of(yaml_, file_, mark), std::move(message)}};
  }

  void count(const YAML::Mark& mark, std::size_t nodes, int height) {
    nodes_ += nodes;
    if (nodes_ > limits_.max_nodes) stop(mark, too_many_nodes_message(limits_.max_nodes));
    if (static_cast<int>(open_.size()) + height > limits_.max_depth) stop(mark, too_deep_message(limits_.max_depth));
    if (!open_.empty()) open_.back().height = std::max(open_.back().height, height + 1);
  }

  void record(YamlEvent::Type type, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
              const std::string& text) {
    if (anchor != YAML::NullAnchor && !pending_name_.empty()) names_[anchor] = std::exchange(pending_name_, {});
    YamlEvent event{type, static_cast<std::size_t>(std::max(0, mark.line)), static_cast<std::size_t>(std::max(0, mark.column)),
                    tag, anchor, "", text};
    if (anchor != YAML::NullAnchor) event.anchor_name = names_[anchor];
    events_.push_back(std::move(event));
  }

  void open(YamlEvent::Type type, const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor, bool flow) {
    count(mark, 1, 1);
    record(type, mark, tag, anchor, "");
    events_.back().flow = flow;
    open_.push_back(Open{anchor, nodes_ - 1, 1});
  }

  void close(YamlEvent::Type type) {
    const Open done = open_.back();
    open_.pop_back();
    if (done.anchor != YAML::NullAnchor) sizes_[done.anchor] = Size{nodes_ - done.nodes_before, done.height};
    events_.push_back(YamlEvent{type});
  }

  const YamlText& yaml_;
  const std::string& file_;
  const YamlLimits& limits_;
  std::vector<YamlEvent> events_;
  std::vector<Open> open_;
  std::map<YAML::anchor_t, Size> sizes_;
  std::map<YAML::anchor_t, std::string> names_;
  std::string pending_name_;
  std::size_t nodes_ = 0;
};

// Reads the documents after the first: empty ones (a trailing `---`) are fine, any
// content is not, since a manifest file is one document.
class ExtraDocumentCheck final : public YAML::EventHandler {
 public:
  ExtraDocumentCheck(const YamlText& yaml, const std::string& file) : yaml_(yaml), file_(file) {}

  // yaml-cpp 0.7 leaves a token it cannot start a node with in place (a ',' outside a flow
  // collection: yaml-cpp issue #1040), and each call then reports one more empty document
  // at the same spot, forever. A document that starts where the previous one did is stuck.
  void OnDocumentStart(const YAML::Mark& mark) override {
    if (started_ && mark.pos == start_.pos) stuck(mark);
    start_ = mark;
    started_ = true;
  }
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
    throw StopParsing{Diagnostic{position_of(yaml_, file_, start_),
                                 "a second YAML document starts here; a manifest file holds one document"}};
  }

  [[noreturn]] void stuck(const YAML::Mark& mark) const {
    const auto at = static_cast<std::size_t>(std::max(0, mark.pos));
    const char c = at < yaml_.text.size() ? yaml_.text[at] : '\0';
    const std::string what = c > ' ' && c < 0x7f ? std::string("'") + c + "'" : std::string("character");
    throw StopParsing{Diagnostic{position_of(yaml_, file_, mark), "invalid YAML: unexpected " + what}};
  }

  const YamlText& yaml_;
  const std::string& file_;
  YAML::Mark start_;
  bool started_ = false;
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
  std::string message = "invalid YAML: " + e.msg;
  if (indented_with_tab(yaml, e.mark.line)) message += " (YAML is indented with spaces, not tabs)";
  return Diagnostic{position_of(yaml, file, e.mark), message};
}

// The events of the first document; a limit, a syntax error or a second document is a
// problem instead.
Result<std::vector<YamlEvent>> record_events(const YamlText& yaml, const std::string& file, const YamlLimits& limits) {
  try {
    // yaml-cpp 0.7 loses the last line break of a block scalar whose last line is blank
    // when the file does not end with a line break; one more changes no other value.
    std::istringstream in(yaml.text.ends_with('\n') || yaml.text.empty() ? yaml.text : yaml.text + '\n');
    YAML::Parser parser(in);
    EventRecorder recorder(yaml, file, limits);
    parser.HandleNextDocument(recorder);
    ExtraDocumentCheck extra(yaml, file);
    while (parser.HandleNextDocument(extra)) {
    }
    return std::move(recorder.events());
  } catch (const StopParsing& stop) {
    return fail({stop.diagnostic});
  } catch (const YAML::Exception& e) {
    return fail({syntax_error(yaml, file, e)});
  } catch (const std::exception& e) {
    return fail(std::string("cannot read the YAML: ") + e.what(), {file, 1, 1});
  }
}

}  // namespace

Result<LocatedTree> parse_yaml_tree(std::string_view text, const std::string& file, const YamlLimits& limits) {
  auto yaml = prepare_yaml_text(text, file, limits);
  if (!yaml) return fail(std::move(yaml.error()));
  auto events = record_events(*yaml, file, limits);
  if (!events) return fail(std::move(events.error()));
  auto tree = build_yaml_tree(*events, *yaml, file, limits);
  if (!tree) sort_diagnostics(tree.error());
  return tree;
}

}  // namespace synops
