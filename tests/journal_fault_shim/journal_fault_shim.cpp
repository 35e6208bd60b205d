// LD_PRELOAD into the real synops binary: a disk that fails under its journal. The journal
// goes through JournalIo in tests of the library; this reaches the same system calls of an
// unmodified binary, so the exit codes and messages of a full disk are tested end to end.
//
// SYNOPS_JOURNAL_FAULT="ERRNO:CALL:RECORD:STEP", e.g. "ENOSPC:write:step-begin:a4" or
// "EIO:fsync:step-done:a4": the first write to a *.journal file whose bytes hold
// "record":"RECORD" and "step":"STEP" fails with ERRNO (CALL write), or the fsync after it
// does (CALL fsync). Once; every other call goes through.
#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace {

struct Fault {
  int error = 0;
  bool on_fsync = false;
  std::string record, step;
};

Fault parse(const char* spec) {
  Fault fault;
  if (spec == nullptr) return fault;
  std::string parts[4];
  std::string_view rest(spec);
  for (auto& part : parts) {
    const auto colon = rest.find(':');
    part = std::string(rest.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
  }
  fault.error = parts[0] == "ENOSPC" ? ENOSPC : parts[0] == "EIO" ? EIO : 0;
  fault.on_fsync = parts[1] == "fsync";
  fault.record = "\"record\":\"" + parts[2] + "\"";
  fault.step = "\"step\":\"" + parts[3] + "\"";
  return fault;
}

const Fault& fault() {
  static const Fault parsed = parse(std::getenv("SYNOPS_JOURNAL_FAULT"));
  return parsed;
}

bool fired = false;
int fail_fsync_of = -1;

bool is_journal(int fd) {
  char link[64], target[4096];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = ::readlink(link, target, sizeof target - 1);
  if (n <= 0) return false;
  return std::string_view(target, static_cast<size_t>(n)).ends_with(".journal");
}

template <typename Function>
Function real(const char* name) {
  return reinterpret_cast<Function>(::dlsym(RTLD_NEXT, name));
}

}  // namespace

extern "C" ssize_t write(int fd, const void* data, size_t size) {
  static const auto next = real<ssize_t (*)(int, const void*, size_t)>("write");
  if (!fired && fault().error != 0 && is_journal(fd)) {
    const std::string_view bytes(static_cast<const char*>(data), size);
    if (bytes.find(fault().record) != std::string_view::npos && bytes.find(fault().step) != std::string_view::npos) {
      fired = true;
      if (!fault().on_fsync) {
        errno = fault().error;
        return -1;
      }
      fail_fsync_of = fd;
    }
  }
  return next(fd, data, size);
}

extern "C" int fsync(int fd) {
  static const auto next = real<int (*)(int)>("fsync");
  if (fd == fail_fsync_of) {
    fail_fsync_of = -1;
    errno = fault().error;
    return -1;
  }
  return next(fd);
}
