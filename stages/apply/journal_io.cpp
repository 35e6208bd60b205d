#include "journal_io.h"

#include <unistd.h>

namespace synops::apply {

namespace {

class SystemJournalIo final : public JournalIo {
 public:
  ssize_t write(int fd, const void* data, size_t size) override { return ::write(fd, data, size); }
  int fsync(int fd) override { return ::fsync(fd); }
};

}  // namespace

JournalIo& system_journal_io() {
  static SystemJournalIo io;
  return io;
}

}  // namespace synops::apply
