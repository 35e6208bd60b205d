// Where a value came from: a manifest file, line and column (1-based).
// Every desired value keeps one, so that errors and plan reasons can point at it.
#pragma once
#include <string>

namespace synops {

struct SourcePosition {
  std::string file;
  int line = 0;
  int column = 0;

  bool known() const { return !file.empty(); }
  // "values/images.yaml:3:12", or "values/images.yaml" when line is unknown.
  std::string str() const;
  auto operator<=>(const SourcePosition&) const = default;
};

}  // namespace synops
