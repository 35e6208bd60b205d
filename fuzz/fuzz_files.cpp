#include "fuzz_files.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace synops::fuzz {

namespace fs = std::filesystem;

namespace {

// Removed when the process exits normally; after a crash the directory is left behind for
// the person looking at it, next to the input libFuzzer saved.
void remove_scratch();

// Memory-backed /dev/shm when there is one: files are written and removed for every input,
// and on this machine's disk that cost three quarters of the throughput.
fs::path scratch_base() {
  std::error_code error;
  if (fs::is_directory("/dev/shm", error) && ::access("/dev/shm", W_OK) == 0) return "/dev/shm";
  return fs::temp_directory_path();
}

// Never destroyed: remove_scratch runs at exit, after function-local statics may be gone.
const fs::path& scratch_dir() {
  static const fs::path* const dir = [] {
    auto* path = new fs::path(scratch_base() / ("synops-fuzz-" + std::to_string(::getpid())));
    std::atexit(remove_scratch);
    return path;
  }();
  return *dir;
}

void remove_scratch() {
  std::error_code ignored;
  fs::remove_all(scratch_dir(), ignored);
}

}  // namespace

const fs::path& fresh_scratch_dir() {
  const fs::path& dir = scratch_dir();
  std::error_code ignored;
  fs::remove_all(dir, ignored);
  fs::create_directories(dir);
  return dir;
}

fs::path write_scratch_file(std::string_view name, std::string_view bytes) {
  const fs::path path = scratch_dir() / name;
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

}  // namespace synops::fuzz
