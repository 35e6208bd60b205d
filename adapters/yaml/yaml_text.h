// The checks YAML text passes before any parser sees it: size, encoding, line endings,
// and a cheap scan of flow collections. Interface: YamlLimits, YamlText, prepare_yaml_text.
//
// Why a scan before yaml-cpp: yaml-cpp tokenises a whole flow collection (`[...]`, `{...}`)
// before it emits the collection's first event, so a one-line `[[[[...` a million deep, or
// `[a,a,a,...]` a million wide, costs hundreds of megabytes before an event handler could
// count anything. The scan counts flow nesting and flow entries in one pass over the bytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result.h"

namespace synops {

struct YamlLimits {
  std::uintmax_t max_bytes = 8u << 20;  // file size, checked before reading or parsing
  int max_depth = 64;                    // nesting of mappings and sequences (root = 1)
  std::size_t max_nodes = 100'000;       // scalars, mappings and sequences, aliases expanded
  // The JSON Pointers of all nodes, added up. Every node's position is kept by pointer, so
  // long keys nested deep (64 levels of 1,000-character keys over many leaves) would
  // otherwise turn a small file into gigabytes.
  std::size_t max_path_bytes = 16u << 20;
};

// Text ready for the parser: a leading UTF-8 BOM dropped, CRLF and CR turned into LF
// (lines and columns stay those an editor shows), valid UTF-8 without control characters.
struct YamlText {
  std::string text;
  std::vector<std::size_t> line_starts;  // byte offset where each line begins

  // The 1-based position of a 0-based line and byte column; the column counts characters.
  SourcePosition position(const std::string& file, std::size_t line, std::size_t byte_column) const;
  SourcePosition position_of_offset(const std::string& file, std::size_t offset) const;
};

// "file is N bytes, more than the limit of M bytes (8 MiB)", at FILE:1:1.
Diagnostic too_large(const std::string& file, std::uintmax_t size, std::uintmax_t limit);

// Applies the size, encoding, depth and width checks; the first failure is returned.
Result<YamlText> prepare_yaml_text(std::string_view text, const std::string& file,
                                   const YamlLimits& limits);

// The messages shared by the pre-scan and the parser, so both report a limit alike.
std::string too_deep_message(int max_depth);
std::string too_many_nodes_message(std::size_t max_nodes);
std::string paths_too_long_message(std::size_t max_path_bytes);

}  // namespace synops
