// A snapshot file mapped into memory, read in place by the fast reader (fast_reader.h):
// no copy of its bytes, and the pages the reader has passed are let go, so that memory
// follows the reader's window rather than the file's size.
//
// The mapping is followed by zero pages, so the parser's padding (kParserPadding) is
// readable past the last byte. Only regular files are mapped (a pipe or an empty file is
// read with pread). A file truncated by another process while it is mapped would fault:
// `synops snapshot` writes by rename (cli/private_file.h), so it never truncates one.
#pragma once
#include <cstddef>
#include <memory>
#include <string>

#include "fast_reader.h"

namespace synops::snapshot {

class MappedFileText : public TextSource {
 public:
  // The file open at `fd` (which stays the caller's), `size` bytes; nullptr when it cannot be
  // mapped (not a regular file, empty, or mmap refused), and the caller reads it another way.
  static std::unique_ptr<MappedFileText> map(int fd, size_t size);
  ~MappedFileText() override;
  MappedFileText(const MappedFileText&) = delete;
  MappedFileText& operator=(const MappedFileText&) = delete;

  size_t size() const override { return size_; }
  long read(size_t offset, char* out, size_t length, std::string& error) override;
  const char* whole() const override { return base_; }
  void release_before(size_t offset) override;

 private:
  MappedFileText(char* base, size_t size, size_t reserved) : base_(base), size_(size), reserved_(reserved) {}
  char* base_;
  size_t size_;
  size_t reserved_;      // bytes mapped: the file, rounded up to pages, and a zero page or more
  size_t released_ = 0;  // bytes from the start already let go
};

}  // namespace synops::snapshot
