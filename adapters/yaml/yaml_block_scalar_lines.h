// The empty lines at the start of a block scalar (`|`, `>`) whose indentation YAML detects from
// its first line of text. YAML forbids those lines more spaces than that first line (the spec,
// 8.1.1.1); yaml-cpp 0.7 instead takes its indentation from the longest of them, and so reads
// ">\n \n  \n   \n # comment" as an empty scalar followed by a comment.
//
// The flow scan (yaml_flow_scan.cpp) starts one check per block scalar header and feeds it the
// scalar's lines.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace synops {

class BlockScalarLines {
 public:
  // `header` is the header's line and `at` where its `|` or `>` is.
  void start(std::string_view header, std::size_t at);

  // A line of the scalar and its offset; returns the offset of an empty line with too many
  // spaces, once the first line of text is known.
  std::optional<std::size_t> line(std::string_view text, std::size_t offset);

 private:
  bool active_ = false;
  std::size_t parent_column_ = 0;  // the text of the scalar is indented more than this
  std::size_t widest_empty_ = 0;   // the most spaces of the empty lines so far
  std::size_t widest_at_ = 0;
};

std::string block_scalar_empty_line_message();

}  // namespace synops
