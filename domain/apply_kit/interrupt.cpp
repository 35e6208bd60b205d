#include "interrupt.h"

#include <unistd.h>

#include <csignal>

namespace synops::apply {

namespace {

volatile std::sig_atomic_t flag = 0;

// The first signal asks the run to stop after the write in flight. A second one means the
// operator will not wait: exit at once. The journal stays readable, because a record is one
// append (a signal cannot split it), and the lock stays for resume or rollback to take over.
extern "C" void on_interrupt(int signal) {
  if (flag != 0) {
    static const char message[] = "\nsecond interrupt: stopping now; run synops resume or synops rollback\n";
    (void)!::write(STDERR_FILENO, message, sizeof message - 1);
    ::_exit(128 + signal);
  }
  flag = 1;
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a sleeping wait wakes up at once
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

bool interrupted() { return flag != 0; }
void reset_interrupted() { flag = 0; }

}  // namespace synops::apply
