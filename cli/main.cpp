#include "app.h"
#include "process_hardening.h"

int main(int argc, char** argv) {
  synops::cli::harden_process();
  return synops::cli::run(argc, argv);
}
