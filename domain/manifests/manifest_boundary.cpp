#include "manifest_boundary.h"

#include <system_error>

namespace fs = std::filesystem;

namespace synops {
namespace {

// True when `path` is `dir` or lies below it, compared component by component. Both are
// normalized; an empty component is the trailing separator of "dir/", not a name.
bool is_within(const fs::path& dir, const fs::path& path) {
  auto at = path.begin();
  for (const fs::path& part : dir) {
    if (part.empty()) continue;
    if (at == path.end() || *at != part) return false;
    ++at;
  }
  return true;
}

// The path as written: "../x" and absolute paths elsewhere, before any file is looked at.
std::string written_problem(const fs::path& dir, const fs::path& path) {
  const fs::path base = fs::absolute(dir).lexically_normal();
  if (is_within(base, (base / path).lexically_normal())) return "";
  return path.is_absolute() ? "is outside the manifest directory" : "leaves the manifest directory";
}

// The path the kernel would open. A path that cannot be resolved (a symlink loop) is
// refused too: nothing outside may be read through it either.
std::string resolved_problem(const fs::path& dir, const fs::path& path) {
  std::error_code error;
  const fs::path real_dir = fs::canonical(dir, error);
  if (error) return "";  // no directory to read from: reading synops.yaml reports that
  const fs::path real = fs::weakly_canonical(dir / path, error);
  if (error) return "cannot be resolved (" + error.message() + ")";
  if (is_within(real_dir, real)) return "";
  return "leads through a symlink to " + real.string() + ", outside the manifest directory";
}

}  // namespace

std::string path_leaves_directory(const fs::path& dir, const fs::path& path) {
  if (std::string problem = written_problem(dir, path); !problem.empty()) return problem;
  return resolved_problem(dir, path);
}

std::string outside_directory_message(std::string_view key, std::string_view written, std::string_view why,
                                      const fs::path& dir) {
  return std::string(key) + " \"" + std::string(written) + "\" " + std::string(why) + "; write a path inside " +
         (dir.empty() ? std::string(".") : dir.string());
}

}  // namespace synops
