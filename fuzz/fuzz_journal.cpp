// read_journal on arbitrary bytes written as a journal file, then journal_state on the
// records it accepts: resume and rollback read a journal a crash may have torn anywhere,
// and must answer with an error or a state, never crash. Every line is sealed with the
// harness's key first, so the fuzzer reaches the parser and journal_state, not only the MAC
// check (a line with a broken seal is one of the inputs too: its last line is left as is).
#include <cstddef>
#include <cstdint>

#include "fuzz_files.h"
#include "stages/apply/journal.h"
#include "stages/apply/journal_state.h"

#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const synops::apply::JournalKey key("fuzz secret", "/fuzz/journal.key");
  const std::string_view input = synops::fuzz::as_text(data, size);
  std::string text, mac;
  size_t start = 0;
  for (size_t end; (end = input.find('\n', start)) != std::string_view::npos; start = end + 1) {
    const std::string previous = mac;
    text += synops::apply::sealed_line(std::string(input.substr(start, end - start)), key, previous, &mac) + "\n";
  }
  text += input.substr(start);
  const auto file = synops::fuzz::write_scratch_file("apply-fuzz.journal", text);
  const auto contents = synops::apply::read_journal(file, key);
  if (contents) (void)synops::apply::journal_state(contents->records).finished();
  return 0;
}
