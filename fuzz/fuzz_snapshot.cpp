// The live snapshot readers on arbitrary bytes. A snapshot comes from a pull request, so it
// is untrusted input. Three ways in, all checked on every input:
//   - add_snapshot_text: the fast reader (simdjson, compact bodies) over text in memory,
//     falling back to the reference reader when it gives up;
//   - read_snapshot: the same from a file, through the windowed file source;
//   - add_snapshot_text_reference: the reference reader (nlohmann::json) alone.
// None may crash; and where the fast reader handled the text, the reference reader must
// read the same objects with the same problems, and the file the same as the memory text:
// a plan must not depend on which reader ran.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "fuzz_files.h"
#include "adapters/snapshot/snapshot_reader.h"

namespace {

using synops::Diagnostics;
using synops::LiveState;

[[noreturn]] void disagree(const char* what) {
  std::fprintf(stderr, "snapshot readers disagree: %s\n", what);
  std::abort();
}

// Reading every body also turns the fast reader's compact bodies into JSON.
void require_same_objects(const LiveState& a, const LiveState& b, const char* what) {
  if (a.size() != b.size()) disagree(what);
  for (auto left = a.objects().begin(), right = b.objects().begin(); left != a.objects().end(); ++left, ++right) {
    const auto& [ref, object] = *left;
    if (!(ref == right->first) || object.api_version != right->second.api_version ||
        object.resource_version != right->second.resource_version || !(object.body == right->second.body))
      disagree(what);
  }
}

void require_same_problems(const Diagnostics& a, const Diagnostics& b, const char* what) {
  if (a.size() != b.size()) disagree(what);
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].message != b[i].message) disagree(what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto text = synops::fuzz::as_text(data, size);
  const std::string source = "snapshot.json";

  const size_t reference_reads_before = synops::snapshot_reference_reads();
  LiveState in_memory;
  const Diagnostics memory_problems = synops::add_snapshot_text(text, source, in_memory);
  const bool fast_handled = synops::snapshot_reference_reads() == reference_reads_before;

  LiveState reference;
  const Diagnostics reference_problems = synops::add_snapshot_text_reference(text, source, reference);

  const auto from_file = synops::read_snapshot(synops::fuzz::write_scratch_file(source, text));

  if (fast_handled) {
    require_same_problems(memory_problems, reference_problems, "problems of the fast and the reference reader");
    require_same_objects(in_memory, reference, "objects of the fast and the reference reader");
  }
  if (from_file) require_same_objects(*from_file, in_memory, "objects read from a file and from memory");
  return 0;
}
