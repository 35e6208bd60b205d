#include "private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace synops::cli {

namespace {

bool write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return ::fsync(fd) == 0;
}

}  // namespace

Result<bool> write_file_atomically(const std::string& path, const std::string& text, const std::string& what, mode_t mode) {
  const std::string temporary = path + ".tmp";
  // O_EXCL|O_NOFOLLOW after unlinking a stale temporary: never write through a symlink.
  ::unlink(temporary.c_str());
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) return fail("cannot write " + what + " " + path + ": " + std::strerror(errno));
  const bool written = ::fchmod(fd, mode) == 0 && write_all(fd, text);
  const int saved_errno = errno;
  ::close(fd);
  if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = written ? errno : saved_errno;
    ::unlink(temporary.c_str());
    return fail("cannot write " + what + " " + path + ": " + std::strerror(error));
  }
  return true;
}

Result<bool> write_private_file(const std::string& path, const std::string& text, const std::string& what) {
  return write_file_atomically(path, text, what, 0600);
}

}  // namespace synops::cli
