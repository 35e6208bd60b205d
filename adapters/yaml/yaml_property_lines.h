// A line holding only node properties (an anchor `&a`, a tag `!t`) that is not indented under
// the key it belongs to. YAML indents a key's value, properties included, more than the key;
// only a sequence may sit at the key's column, and its properties then go on the key's line
// (`seq: &a` above `- x`). yaml-cpp 0.7 reads `seq:\n&a\n- x` and `key: &x\n!!map\n  a: b` as if
// the properties were indented.
//
// The flow scan (yaml_flow_scan.cpp) feeds every line it sees outside flow collections, quoted
// and block scalars; any line it skips breaks the chain, so the check only ever compares two
// lines it knows to be block structure.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace synops {

class PropertyLines {
 public:
  // The 0-based `line` and its text. Returns whether it is a properties-only line under a key
  // line that is indented as much or more.
  bool misindented(std::size_t line, std::string_view text);

 private:
  std::optional<std::size_t> previous_line_;  // the last line fed
  std::optional<std::size_t> key_indent_;     // the last content line, when it is `key:` or `key: &a`
};

std::string misindented_properties_message();

}  // namespace synops
