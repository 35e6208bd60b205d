// Scratch files for the harnesses whose reader takes a path. Each fuzzing process gets one
// directory, /dev/shm/synops-fuzz-PID (else under the system's temporary directory), reused
// for every input so that millions of inputs leave no litter; it is removed at exit, or by
// the next fuzzing process when this one ended without running exit handlers.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace synops::fuzz {

// The process's scratch directory, emptied: nothing from the previous input is left.
const std::filesystem::path& fresh_scratch_dir();

// Writes (or overwrites) `bytes` as `name` (relative, may hold one directory level) under the scratch
// directory, creating the directory it names; returns the file's path. When that directory
// cannot be made (a file already holds its name), nothing is written.
std::filesystem::path write_scratch_file(std::string_view name, std::string_view bytes);

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace synops::fuzz
