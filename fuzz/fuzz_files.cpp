#include "fuzz_files.h"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

namespace synops::fuzz {

namespace fs = std::filesystem;

namespace {

// Removed when the process exits through exit(); see remove_stale_scratch for the rest.
void remove_scratch();

// Memory-backed /dev/shm when there is one: files are written and removed for every input,
// and on this machine's disk that cost three quarters of the throughput.
fs::path scratch_base() {
  std::error_code error;
  if (fs::is_directory("/dev/shm", error) && ::access("/dev/shm", W_OK) == 0) return "/dev/shm";
  return fs::temp_directory_path();
}

constexpr std::string_view kPrefix = "synops-fuzz-";

// After a crash, a timeout or an out-of-memory libFuzzer leaves with _Exit, which runs no
// exit handler: the directories of processes that are gone are removed by the next one.
void remove_stale_scratch(const fs::path& base) {
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(base, error)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(kPrefix) || name.size() == kPrefix.size()) continue;
    const std::string pid = name.substr(kPrefix.size());
    if (pid.find_first_not_of("0123456789") != std::string::npos || pid.size() > 9) continue;
    if (::kill(static_cast<pid_t>(std::stol(pid)), 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), error);
  }
}

// Never destroyed: remove_scratch runs at exit, after function-local statics may be gone.
const fs::path& scratch_dir() {
  static const fs::path* const dir = [] {
    const fs::path base = scratch_base();
    remove_stale_scratch(base);
    auto* path = new fs::path(base / (std::string(kPrefix) + std::to_string(::getpid())));
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
  // One input can name "values" as a file and later "values/x.yaml": the second file is then
  // not written, the way a checkout could not hold both either.
  std::error_code cannot_create;
  fs::create_directories(path.parent_path(), cannot_create);
  if (cannot_create) return path;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

}  // namespace synops::fuzz
