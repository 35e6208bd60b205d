// A test that cannot run on this machine says so to ctest instead of passing.
//
// Such tests sit in a doctest suite named "needs <what>" (tests/CMakeLists.txt gives every
// suite a ctest entry of its own, with SKIP_RETURN_CODE 77). skip_test() ends that process
// with exit 77, so ctest reports the entry as skipped. CI has root, PostgreSQL and kubectl,
// so with CI=true a skip is a failure (exit 1) naming what was missing.
#pragma once
#include <string_view>

namespace synops::testing {

inline constexpr int kSkipExitCode = 77;

[[noreturn]] void skip_test(std::string_view why);

}  // namespace synops::testing
