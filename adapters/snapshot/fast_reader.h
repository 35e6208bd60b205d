// The fast way through a snapshot: a window slides over the text (a mapped file, or read(2)
// a few megabytes at a time), a bracket count (engine/json_scan.h) cuts each List into items, and the items are
// parsed in batches on every core (pruned_json.h) into objects whose bodies stay compact
// until read (compact_bodies.h). Memory follows what is kept, not the size of the file.
//
// It gives up (returns false) on anything it does not handle -- invalid JSON above all, but
// also an item that is not an object or a List whose items are not an array -- and the
// caller then reads the text with the reference reader, whose messages users see.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/diagnostic.h"
#include "engine/live_state.h"

namespace synops::snapshot {

// Bytes of the text, read on demand: a file, or text already in memory.
class TextSource {
 public:
  virtual ~TextSource() = default;
  virtual size_t size() const = 0;
  // Copies up to `length` bytes from `offset`; the count copied, or -1 after setting `error`.
  virtual long read(size_t offset, char* out, size_t length, std::string& error) = 0;
  // The whole text in memory with kParserPadding readable bytes after it, when the source
  // holds it so (a mapped file): the reader then parses in place instead of copying.
  virtual const char* whole() const { return nullptr; }
  // The reader will not look before `offset` again: a mapped file lets go of those pages, so
  // that memory follows the window, not the file.
  virtual void release_before(size_t /*offset*/) {}
};

// Turns a parsed object into a LiveObject, or the diagnostic that says why it cannot be one.
using MakeObject = std::function<Diagnostics(nlohmann::json item, std::vector<LiveObject>& out)>;

struct FastRead {
  bool handled = false;        // false: use the reference reader
  std::string read_error;      // the file could not be read (handled is false)
  std::vector<LiveObject> objects;
  Diagnostics problems;        // objects that are not live objects (no kind or metadata.name)
};

FastRead read_fast(TextSource& text, const MakeObject& make_object);

}  // namespace synops::snapshot
