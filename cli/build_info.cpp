#include "build_info.h"

namespace synops::cli {

namespace {

// The compiler this file was built with, as people name it ("GCC 12.2").
std::string compiler() {
#if defined(__clang__)
  return "Clang " + std::to_string(__clang_major__) + "." + std::to_string(__clang_minor__);
#elif defined(__GNUC__)
  return "GCC " + std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__);
#else
  return "an unknown compiler";
#endif
}

}  // namespace

std::string version_line() {
  return "synops " + std::string(release_version()) + " (commit " + std::string(build_commit()) + ", built with " + compiler() + ")";
}

}  // namespace synops::cli
