// The system calls the journal writes with, behind an interface: a full disk (ENOSPC), a
// failing device (EIO), a short write or a failed fsync can then be injected by tests into
// an otherwise real apply. Production uses the plain system calls.
#pragma once
#include <sys/types.h>

#include <cstddef>

namespace synops::apply {

class JournalIo {
 public:
  virtual ~JournalIo() = default;
  // As ::write and ::fsync: -1 with errno set on failure; write may write less than asked.
  virtual ssize_t write(int fd, const void* data, size_t size) = 0;
  virtual int fsync(int fd) = 0;
};

JournalIo& system_journal_io();

}  // namespace synops::apply
