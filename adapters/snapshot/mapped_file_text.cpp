#include "mapped_file_text.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "pruned_json.h"

namespace synops::snapshot {

namespace {

size_t page_size() { return static_cast<size_t>(::sysconf(_SC_PAGESIZE)); }
size_t round_up(size_t bytes, size_t page) { return (bytes + page - 1) / page * page; }

}  // namespace

std::unique_ptr<MappedFileText> MappedFileText::map(int fd, size_t size) {
  struct stat status {};
  if (size == 0 || ::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode) || static_cast<size_t>(status.st_size) != size)
    return nullptr;
  const size_t page = page_size();
  // Reserve the file's pages and at least one more, all zero, then lay the file over the
  // front: the bytes after its end, to the parser's padding and beyond, read as zeros.
  const size_t reserved = round_up(size + kParserPadding, page) + page;
  void* area = ::mmap(nullptr, reserved, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (area == MAP_FAILED) return nullptr;
  void* file = ::mmap(area, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
  if (file == MAP_FAILED) {
    ::munmap(area, reserved);
    return nullptr;
  }
  ::madvise(file, size, MADV_SEQUENTIAL);  // read ahead, and drop pages behind
  return std::unique_ptr<MappedFileText>(new MappedFileText(static_cast<char*>(file), size, reserved));
}

MappedFileText::~MappedFileText() { ::munmap(base_, reserved_); }

long MappedFileText::read(size_t offset, char* out, size_t length, std::string&) {
  offset = std::min(offset, size_);
  length = std::min(length, size_ - offset);
  std::memcpy(out, base_ + offset, length);
  return static_cast<long>(length);
}

void MappedFileText::release_before(size_t offset) {
  const size_t end = std::min(offset, size_) / page_size() * page_size();
  if (end <= released_) return;
  // The mapping is private and never written: dropped pages read from the file again if
  // anyone looks (the reference reader after a failed fast read), so this is only memory.
  ::madvise(base_ + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

}  // namespace synops::snapshot
