#include "yaml_block_scalar_lines.h"

#include "yaml_lines.h"

namespace synops {
using yaml_lines::indentation;

namespace {

// The column of a line's first node: past its indentation and any `- ` of block sequences.
// The scalar's parent node is at this column or further right, so text indented more than it
// is not always the scalar's; text indented no more is certainly not. The check compares only
// with lines past this column, and so never misjudges a line that belongs to the parent.
std::size_t first_node_column(std::string_view header) {
  std::size_t column = indentation(header);
  while (column + 1 < header.size() && header[column] == '-' && header[column + 1] == ' ')
    column = indentation(header.substr(column + 1)) + column + 1;
  return column;
}

// An indentation indicator (`|2`) fixes the indentation: spaces past it are text.
bool has_indentation_indicator(std::string_view indicators) {
  for (std::size_t i = 1; i < indicators.size() && (indicators[i] == '-' || indicators[i] == '+' || (indicators[i] >= '1' && indicators[i] <= '9')); ++i)
    if (indicators[i] != '-' && indicators[i] != '+') return true;
  return false;
}

}  // namespace

void BlockScalarLines::start(std::string_view header, std::size_t at) {
  active_ = !has_indentation_indicator(header.substr(at));
  parent_column_ = first_node_column(header);
  widest_empty_ = 0;
}

std::optional<std::size_t> BlockScalarLines::line(std::string_view text, std::size_t offset) {
  if (!active_) return std::nullopt;
  const std::size_t indent = indentation(text);
  if (indent == text.size()) {
    if (indent > widest_empty_) widest_empty_ = indent, widest_at_ = offset;
    return std::nullopt;
  }
  active_ = false;  // the first line of text: the indentation is known
  if (indent > parent_column_ && widest_empty_ > indent) return widest_at_;
  return std::nullopt;
}

std::string block_scalar_empty_line_message() {
  return "invalid YAML: an empty line at the start of a block scalar has more spaces than its first line of text";
}

}  // namespace synops
