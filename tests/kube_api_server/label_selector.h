// Label and field selectors as the API parses them: "a=b,c!=d,e,!f,g in (x,y),h notin (z)".
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kube_test {

struct Requirement {
  enum class Op { equals, not_equals, exists, not_exists, in, not_in };
  std::string key;
  Op op = Op::exists;
  std::vector<std::string> values;
};

using Selector = std::vector<Requirement>;

// nullopt when the text is not a valid selector.
std::optional<Selector> parse_selector(const std::string& text);

// `fields` maps a label (or "metadata.name") to its value.
bool matches(const Selector& selector, const std::map<std::string, std::string>& fields);

}  // namespace kube_test
