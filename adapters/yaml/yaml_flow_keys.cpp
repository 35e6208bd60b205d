#include "yaml_flow_keys.h"

namespace synops {

void FlowKeyLines::open(char bracket, std::size_t offset) {
  content(offset);  // a nested collection is content of the entry it opens in
  frames_.push_back(Frame{bracket == '{', bracket == '{', std::nullopt});
}

void FlowKeyLines::close() {
  if (!frames_.empty()) frames_.pop_back();
}

void FlowKeyLines::comma() {
  if (frames_.empty()) return;
  Frame& top = frames_.back();
  top.in_key = top.mapping;
  top.key_start.reset();
}

void FlowKeyLines::colon() {
  if (!frames_.empty()) frames_.back().in_key = false;
}

void FlowKeyLines::explicit_key() { colon(); }

void FlowKeyLines::content(std::size_t offset) {
  if (frames_.empty()) return;
  Frame& top = frames_.back();
  if (top.in_key && !top.key_start) top.key_start = offset;
}

// Every open level counts: in `{ [a,\n b]: c }` the line break is inside the sequence, but the
// sequence is the mapping's key.
std::optional<std::size_t> FlowKeyLines::key_over_line_break() const {
  for (const Frame& frame : frames_)
    if (frame.in_key && frame.key_start) return frame.key_start;
  return std::nullopt;
}

std::string flow_key_over_lines_message() {
  return "a flow mapping key continued on the next line is not supported: put the key and its ':' on one line";
}

}  // namespace synops
