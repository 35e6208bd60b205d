// Where a flow mapping's implicit key runs onto the next line. YAML allows it (`{"foo"\n: bar}`,
// `{ multi\n  line: value}`), but yaml-cpp 0.7 stops with "end of map flow not found", an error
// that names neither the key nor the fix. The flow scan (yaml_flow_scan.cpp) feeds this tracker
// the indicators it meets, and refuses the key by name where the tracker says so.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace synops {

class FlowKeyLines {
 public:
  void open(char bracket, std::size_t offset);  // `[` or `{`, which may start a key itself
  void close();                                  // `]` or `}`
  void comma();                                  // `,`: a mapping's next entry starts with its key
  void colon();                                  // `:` as an indicator: the key is over
  void explicit_key();                           // `? `: an explicit key may span lines
  void content(std::size_t offset);              // any other character of a node

  // At a line break: the offset of a key that started on this line and is not over, in any
  // open flow mapping. Its ':' or its value would come on a later line.
  std::optional<std::size_t> key_over_line_break() const;

 private:
  struct Frame {
    bool mapping = false;    // `{`, where an entry starts with an implicit key
    bool in_key = false;     // before the entry's ':'
    std::optional<std::size_t> key_start;  // where the key's first character is
  };
  std::vector<Frame> frames_;
};

std::string flow_key_over_lines_message();

}  // namespace synops
