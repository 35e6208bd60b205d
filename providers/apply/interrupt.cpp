#include "interrupt.h"

#include <csignal>

namespace synops::apply {

namespace {

volatile std::sig_atomic_t flag = 0;

extern "C" void on_interrupt(int) { flag = 1; }

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
