// Typed reading of the merged manifest tree. A Node is a place in the tree (value, pointer,
// dotted path, position); the read_* functions turn a node into a typed, located value or
// report why they cannot, and every problem goes into the caller's Diagnostics so a load
// reports them all at once.
//
// Message shapes (the tests pin them):
//   type:     "synapse.main.image" must be a string, got a mapping
//   value:    "replicas" in synapse.workers.synchrotron must be a non-negative integer, got "-1"
//   missing:  missing required key "name" in synapse.workers.generic
//   unknown:  unknown key "replcas" in synapse.workers.synchrotron; did you mean "replicas"? (valid keys: ...)
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/diagnostic.h"
#include "adapters/yaml/located.h"

namespace synops {

class Node {
 public:
  explicit Node(const LocatedTree& tree);  // the root

  const nlohmann::json& value() const { return *value_; }
  const std::string& pointer() const { return pointer_; }
  const std::string& path() const { return path_; }  // "synapse.workers.synchrotron"
  // The last step of the path ("synchrotron", "pools[0]") and the path of the mapping
  // holding it: value messages say `"replicas" in synapse.workers.synchrotron`.
  const std::string& label() const { return label_; }
  const std::string& parent_path() const { return parent_path_; }
  SourcePosition at() const;      // where the value was written
  SourcePosition key_at() const;  // where its key was written; at() when it has none
  std::string raw() const;        // a scalar's text as written

  bool is_mapping() const { return value_->is_object(); }
  bool is_sequence() const { return value_->is_array(); }
  bool is_scalar() const { return value_->is_primitive() && !value_->is_null(); }

  std::optional<Node> get(std::string_view key) const;
  std::vector<Node> members() const;  // a mapping's members, in the order they were written
  std::vector<Node> items() const;    // a sequence's items
  LocatedTree subtree() const;        // this node as a tree of its own ("" is this node)

 private:
  Node(const LocatedTree& tree, const nlohmann::json& value, std::string pointer, std::string path,
       std::string label, std::string parent_path);

  const LocatedTree* tree_;
  const nlohmann::json* value_;
  std::string pointer_, path_, label_, parent_path_;
};

// "a mapping", "a sequence", "a string", "an integer", "a number", "a boolean", "null".
std::string kind_of(const nlohmann::json& value);
// `"replicas" in synapse.workers.x`, or `"namespace"` at the top level.
std::string subject(const Node& node);

void report(Diagnostics& problems, SourcePosition at, std::string message);
// "PATH" must be EXPECTED, got KIND.
void report_type(const Node& node, std::string_view expected, Diagnostics& problems);

bool expect_mapping(const Node& node, Diagnostics& problems);
// Unknown keys of a mapping, each at its key, with a suggestion and the valid keys.
void check_keys(const Node& mapping, std::span<const std::string_view> valid, Diagnostics& problems);
// The member `key`, or a "missing required key" problem at the mapping.
std::optional<Node> require(const Node& mapping, std::string_view key, Diagnostics& problems);

struct IntegerRange {
  std::int64_t min = 0;
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  std::string_view description;  // "a non-negative integer"
};
inline constexpr IntegerRange kNonNegative{0, std::numeric_limits<std::int64_t>::max(), "a non-negative integer"};
inline constexpr IntegerRange kPositive{1, std::numeric_limits<std::int64_t>::max(), "a positive integer"};
inline constexpr IntegerRange kPort{1, 65535, "a port number from 1 to 65535"};

// Any scalar, as its text: image references and tags (`imageTag: 7.4`) stay as written.
std::optional<Located<std::string>> read_text(const Node& node, Diagnostics& problems);
std::optional<Located<std::int64_t>> read_integer(const Node& node, const IntegerRange& range, Diagnostics& problems);
std::optional<Located<bool>> read_bool(const Node& node, Diagnostics& problems);
std::optional<Located<std::string>> read_one_of(const Node& node, std::span<const std::string_view> allowed,
                                                Diagnostics& problems);
// A Kubernetes object name (RFC 1123 subdomain) and a namespace (RFC 1123 label).
std::optional<Located<std::string>> read_name(const Node& node, Diagnostics& problems);
std::optional<Located<std::string>> read_namespace(const Node& node, Diagnostics& problems);

// The same for the member `key` of a mapping; `required` reports its absence.
enum class Need { optional, required };
std::optional<Located<std::string>> text_member(const Node& mapping, std::string_view key, Need need, Diagnostics& problems);
std::optional<Located<std::string>> name_member(const Node& mapping, std::string_view key, Need need, Diagnostics& problems);
std::optional<Located<std::int64_t>> integer_member(const Node& mapping, std::string_view key, const IntegerRange& range,
                                                    Need need, Diagnostics& problems);

}  // namespace synops
