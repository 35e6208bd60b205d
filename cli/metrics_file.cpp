#include "metrics_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace synops::cli {

namespace {

bool write_all(int fd, const std::string& text) {
  for (size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return ::fsync(fd) == 0;
}

Result<bool> cannot_write(const std::string& path, int error) {
  return fail("cannot write the metrics file " + path + ": " + std::strerror(error));
}

}  // namespace

Result<bool> write_metrics_file(const std::string& path, const std::string& text) {
  // Not named *.prom: the collector must not pick up the temporary.
  const std::string temporary = path + ".tmp";
  ::unlink(temporary.c_str());  // a stale one from a killed run; O_EXCL|O_NOFOLLOW below
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return cannot_write(path, errno);
  const bool written = ::fchmod(fd, 0644) == 0 && write_all(fd, text);
  const int saved_errno = errno;
  ::close(fd);
  if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = written ? errno : saved_errno;
    ::unlink(temporary.c_str());
    return cannot_write(path, error);
  }
  return true;
}

}  // namespace synops::cli
