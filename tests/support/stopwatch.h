// How long a step of a test took, for the tests that assert a wait ended early (a rollout
// that cannot progress is given up long before its timeout).
#pragma once
#include <chrono>

namespace synops::testing {

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace synops::testing
