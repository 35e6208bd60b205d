#include "tree_reader.h"

#include <algorithm>

#include "did_you_mean.h"
#include "kubernetes_names.h"
#include "adapters/yaml/tree_paths.h"
#include "engine/json_pointer.h"

namespace synops {
namespace {

// What a value was, for "got ...": scalars by their text, `the string "3"` where a
// quoted number would otherwise read like a number.
std::string got(const Node& node, bool mark_strings) {
  if (!node.is_scalar()) return kind_of(node.value());
  const std::string quoted = "\"" + node.raw() + "\"";
  return mark_strings && node.value().is_string() ? "the string " + quoted : quoted;
}

void report_value(const Node& node, std::string_view expected, bool mark_strings, Diagnostics& problems) {
  report(problems, node.at(), subject(node) + " must be " + std::string(expected) + ", got " + got(node, mark_strings));
}

template <class Read>
auto member(const Node& mapping, std::string_view key, Need need, Diagnostics& problems, Read read)
    -> decltype(read(mapping)) {
  const auto node = need == Need::required ? require(mapping, key, problems) : mapping.get(key);
  if (!node) return std::nullopt;
  return read(*node);
}

}  // namespace

Node::Node(const LocatedTree& tree) : Node(tree, tree.value, "", "", "", "") {}

Node::Node(const LocatedTree& tree, const nlohmann::json& value, std::string pointer, std::string path,
           std::string label, std::string parent_path)
    : tree_(&tree), value_(&value), pointer_(std::move(pointer)), path_(std::move(path)),
      label_(std::move(label)), parent_path_(std::move(parent_path)) {}

SourcePosition Node::at() const { return tree_->position_of(pointer_); }

SourcePosition Node::key_at() const {
  const auto key = tree_->key_positions.find(pointer_);
  return key == tree_->key_positions.end() ? at() : key->second;
}

std::string Node::raw() const {
  const auto text = tree_->raw.find(pointer_);
  if (text != tree_->raw.end()) return text->second;
  return value_->is_string() ? value_->get<std::string>() : value_->dump();
}

std::optional<Node> Node::get(std::string_view key) const {
  if (!is_mapping()) return std::nullopt;
  const auto found = value_->find(key);
  if (found == value_->end()) return std::nullopt;
  return Node(*tree_, *found, pointer_join(pointer_, key), path_child(path_, key), std::string(key), path_);
}

std::vector<Node> Node::members() const {
  std::vector<Node> out;
  if (!is_mapping()) return out;
  for (const auto& [key, value] : value_->items())
    out.push_back(Node(*tree_, value, pointer_join(pointer_, key), path_child(path_, key), key, path_));
  std::ranges::stable_sort(out, {}, [](const Node& n) { return n.key_at(); });
  return out;
}

std::vector<Node> Node::items() const {
  std::vector<Node> out;
  if (!is_sequence()) return out;
  for (std::size_t i = 0; i < value_->size(); ++i)
    out.push_back(Node(*tree_, (*value_)[i], pointer_index(pointer_, i), path_index(path_, i),
                       path_index(label_, i), parent_path_));
  return out;
}

LocatedTree Node::subtree() const {
  LocatedTree out;
  out.value = *value_;
  const auto rebase = [&](const auto& from, auto& to) {
    for (auto it = from.lower_bound(pointer_); it != from.end() && it->first.starts_with(pointer_); ++it)
      if (pointer_within(it->first, pointer_)) to.emplace(it->first.substr(pointer_.size()), it->second);
  };
  rebase(tree_->positions, out.positions);
  rebase(tree_->key_positions, out.key_positions);
  rebase(tree_->raw, out.raw);
  out.key_positions.erase("");  // the subtree's root has no key of its own
  return out;
}

std::string kind_of(const nlohmann::json& value) {
  if (value.is_object()) return "a mapping";
  if (value.is_array()) return "a sequence";
  if (value.is_string()) return "a string";
  if (value.is_number_integer()) return "an integer";
  if (value.is_number()) return "a number";
  if (value.is_boolean()) return "a boolean";
  return "null";
}

std::string subject(const Node& node) {
  const std::string label = "\"" + node.label() + "\"";
  return node.parent_path().empty() ? label : label + " in " + node.parent_path();
}

void report(Diagnostics& problems, SourcePosition at, std::string message) {
  problems.push_back(Diagnostic{std::move(at), std::move(message)});
}

void report_type(const Node& node, std::string_view expected, Diagnostics& problems) {
  report(problems, node.at(), "\"" + node.path() + "\" must be " + std::string(expected) + ", got " + kind_of(node.value()));
}

bool expect_mapping(const Node& node, Diagnostics& problems) {
  if (node.is_mapping()) return true;
  report_type(node, "a mapping", problems);
  return false;
}

void check_keys(const Node& mapping, std::span<const std::string_view> valid, Diagnostics& problems) {
  for (const Node& member : mapping.members()) {
    if (std::ranges::find(valid, member.label()) != valid.end()) continue;
    report(problems, member.key_at(),
           "unknown key \"" + member.label() + "\" " + where_in(mapping.path()) + did_you_mean(member.label(), valid) +
               " (valid keys: " + comma_list(valid) + ")");
  }
}

std::optional<Node> require(const Node& mapping, std::string_view key, Diagnostics& problems) {
  auto found = mapping.get(key);
  if (!found) report(problems, mapping.at(), "missing required key \"" + std::string(key) + "\" " + where_in(mapping.path()));
  return found;
}

std::optional<Located<std::string>> read_text(const Node& node, Diagnostics& problems) {
  if (!node.is_scalar()) {
    report_type(node, "a string", problems);
    return std::nullopt;
  }
  return Located<std::string>{node.raw(), node.at()};
}

std::optional<Located<std::int64_t>> read_integer(const Node& node, const IntegerRange& range, Diagnostics& problems) {
  const nlohmann::json& value = node.value();
  if (value.is_number_integer()) {
    const auto number = value.get<std::int64_t>();
    if (number >= range.min && number <= range.max) return Located<std::int64_t>{number, node.at()};
  }
  report_value(node, range.description, true, problems);
  return std::nullopt;
}

std::optional<Located<bool>> read_bool(const Node& node, Diagnostics& problems) {
  if (node.value().is_boolean()) return Located<bool>{node.value().get<bool>(), node.at()};
  report_value(node, "true or false", true, problems);
  return std::nullopt;
}

std::optional<Located<std::string>> read_one_of(const Node& node, std::span<const std::string_view> allowed,
                                                Diagnostics& problems) {
  if (node.value().is_string() && std::ranges::find(allowed, node.raw()) != allowed.end())
    return Located<std::string>{node.raw(), node.at()};
  report_value(node, "one of " + comma_list(allowed), false, problems);
  return std::nullopt;
}

std::optional<Located<std::string>> read_name(const Node& node, Diagnostics& problems) {
  if (node.value().is_string() && is_dns1123_subdomain(node.raw())) return Located<std::string>{node.raw(), node.at()};
  report_value(node,
               "a Kubernetes name (lowercase letters, digits, \"-\" and \".\", starting and ending with a letter "
               "or digit, at most 253 characters)",
               false, problems);
  return std::nullopt;
}

std::optional<Located<std::string>> read_namespace(const Node& node, Diagnostics& problems) {
  if (node.value().is_string() && is_dns1123_label(node.raw())) return Located<std::string>{node.raw(), node.at()};
  report_value(node,
               "a Kubernetes namespace (lowercase letters, digits and \"-\", starting and ending with a letter "
               "or digit, at most 63 characters)",
               false, problems);
  return std::nullopt;
}

std::optional<Located<std::string>> text_member(const Node& mapping, std::string_view key, Need need, Diagnostics& problems) {
  return member(mapping, key, need, problems, [&](const Node& n) { return read_text(n, problems); });
}

std::optional<Located<std::string>> name_member(const Node& mapping, std::string_view key, Need need, Diagnostics& problems) {
  return member(mapping, key, need, problems, [&](const Node& n) { return read_name(n, problems); });
}

std::optional<Located<std::int64_t>> integer_member(const Node& mapping, std::string_view key, const IntegerRange& range,
                                                    Need need, Diagnostics& problems) {
  return member(mapping, key, need, problems, [&](const Node& n) { return read_integer(n, range, problems); });
}

}  // namespace synops
