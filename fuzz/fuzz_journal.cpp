// read_journal on arbitrary bytes written as a journal file, then journal_state on the
// records it accepts: resume and rollback read a journal a crash may have torn anywhere,
// and must answer with an error or a state, never crash.
#include <cstddef>
#include <cstdint>

#include "fuzz_files.h"
#include "stages/apply/journal.h"
#include "stages/apply/journal_state.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = synops::fuzz::write_scratch_file("apply-fuzz.journal", synops::fuzz::as_text(data, size));
  const auto contents = synops::apply::read_journal(file);
  if (contents) (void)synops::apply::journal_state(contents->records).finished();
  return 0;
}
