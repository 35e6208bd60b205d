// The main of every test binary: doctest's, run with a state directory of its own, because
// synops keeps journals and the key that signs them in the user's state directory
// (cli/state_directory.h), and a test run must neither read nor leave anything in the real one.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

struct PrivateStateHome {
  std::string dir;
  PrivateStateHome() {
    std::string pattern = (std::filesystem::temp_directory_path() / "synops-test-state-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    dir = pattern;
    ::setenv("XDG_STATE_HOME", dir.c_str(), 1);
  }
  // Also when a test exits early (a skip exits 77): static objects are destroyed by exit().
  ~PrivateStateHome() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

}  // namespace

int main(int argc, char** argv) {
  static PrivateStateHome state_home;
  return doctest::Context(argc, argv).run();
}
