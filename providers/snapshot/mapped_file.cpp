#include "mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace synops::snapshot {

namespace {

constexpr size_t kReleaseChunk = 4u << 20;  // hand pages back 4 MiB at a time

size_t page_size() {
  static const size_t size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

std::string why(int error) { return std::error_code(error, std::system_category()).message(); }

}  // namespace

Result<MappedFile> MappedFile::open(const std::filesystem::path& path, size_t size, size_t padding, const std::string& source) {
  const size_t page = page_size();
  const size_t mapped = (size + padding + page - 1) / page * page;
  // Reserve zeroed memory for content and padding, then map the file over its start: the
  // bytes after the end of the file read as zero, whatever its size.
  void* base = mmap(nullptr, mapped, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (base == MAP_FAILED) return fail(source + ": cannot read the live snapshot (" + why(errno) + ")");
  if (size > 0) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      const int error = errno;
      munmap(base, mapped);
      return fail(source + ": cannot read the live snapshot (" + why(error) + ")");
    }
    void* file = mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
    const int error = errno;
    ::close(fd);
    if (file == MAP_FAILED) {
      munmap(base, mapped);
      return fail(source + ": cannot read the live snapshot (" + why(error) + ")");
    }
    madvise(base, size, MADV_SEQUENTIAL);
  }
  return MappedFile(static_cast<const char*>(base), size, mapped);
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(other.data_), size_(other.size_), mapped_(other.mapped_), released_(other.released_) {
  other.data_ = nullptr;
  other.mapped_ = 0;
}

MappedFile::~MappedFile() {
  if (data_) munmap(const_cast<char*>(data_), mapped_);
}

void MappedFile::release_before(size_t offset) {
  const size_t end = offset / page_size() * page_size();
  if (end < released_ + kReleaseChunk) return;
  madvise(const_cast<char*>(data_) + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

}  // namespace synops::snapshot
