// A single pass over YAML text that measures flow collections (`[...]`, `{...}`) before
// yaml-cpp tokenises them: their nesting depth and their number of entries. It knows just
// enough YAML to skip quoted scalars, comments and block scalars (`|`, `>`). A block
// collection's depth is checked later, event by event, by the parser (yaml_tree.cpp).
//
// The same pass refuses what yaml-cpp 0.7 reads too kindly, each check narrow enough never to
// fire on valid YAML (the YAML test suite proves it: tests/adapters/yaml/yaml_test_suite_test.cpp):
// a comma with no entry before it and a lone `-` in a flow collection, a `#` glued to a quoted
// scalar, a flow collection or a block scalar header, lines of a flow node that is a block value
// indented no more than its first line, an escape YAML does not have, and a directive that no
// `---` follows or that sits inside a document. It also refuses, by name, two valid forms
// yaml-cpp misreads: a quoted scalar of only blanks over several lines, and a root block
// scalar with text at column 0; and three it cannot read at all, with a message that names them
// where yaml-cpp's would not: a flow mapping key over two lines (yaml_flow_keys.h), a `?` in a
// plain scalar in a flow collection, and a tab-only line it cannot tell is blank (yaml_tab_lines.h;
// the others are rewritten as blank). Its helpers also refuse an anchor or tag on its own line
// not indented under its key (yaml_property_lines.h), and a block scalar whose leading empty
// lines have more spaces than its first line of text (yaml_block_scalar_lines.h).
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "yaml_text.h"

namespace synops {

struct FlowScan {
  // The first limit the flow collections exceed, at the bracket or comma that does, or the
  // first construct above, where it starts.
  std::optional<Diagnostic> problem;
  // The 0-based lines of only blanks, starting with a tab, that YAML reads as blank lines and
  // yaml-cpp 0.7 cannot read at all (yaml_tab_lines.h): the caller rewrites them.
  std::vector<std::size_t> tab_blank_lines;
};

FlowScan scan_flow_collections(const YamlText& yaml, const std::string& file, const YamlLimits& limits);

}  // namespace synops
