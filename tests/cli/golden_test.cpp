// Golden CLI cases pin what users see. Each folder of tests/golden/ holds:
//   cmd            the arguments, one line ("{case}" stands for the case folder)
//   expected.out   stdout, byte for byte
//   expected.code  the exit code
//   expected.err   stderr, byte for byte (optional: only cases whose message is the point)
// and, when the case needs them, its own manifests and snapshot. After a deliberate
// change of output, run the tests with SYNOPS_UPDATE_GOLDEN=1 to rewrite the expected files.
// run_synops sets SOURCE_DATE_EPOCH, so a plan's created_at is a fixed time and the expected
// files do not change with the clock.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <vector>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/run_synops.h"
#include "support/slurp.h"

namespace fs = std::filesystem;

namespace {

void write_text(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

std::string command_of(const fs::path& dir) {
  std::string command = synops::testing::slurp(dir / "cmd");
  while (!command.empty() && (command.back() == '\n' || command.back() == ' ')) command.pop_back();
  const std::string relative = fs::relative(dir, SYNOPS_SOURCE_DIR).string();
  for (size_t at; (at = command.find("{case}")) != std::string::npos;) command.replace(at, 6, relative);
  return command;
}

}  // namespace

TEST_CASE("golden CLI cases") {
  const fs::path root = fs::path(SYNOPS_SOURCE_DIR) / "tests" / "golden";
  const bool update = std::getenv("SYNOPS_UPDATE_GOLDEN") != nullptr;
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root))
    if (fs::exists(entry.path() / "cmd")) cases.push_back(entry.path());
  std::ranges::sort(cases);
  REQUIRE(cases.size() >= 5);
  for (const auto& dir : cases) {
    const std::string name = dir.filename().string();
    const auto result = synops::testing::run_synops(command_of(dir));
    if (update) {
      write_text(dir / "expected.out", result.out);
      write_text(dir / "expected.code", std::to_string(result.exit_code) + "\n");
      if (fs::exists(dir / "expected.err")) write_text(dir / "expected.err", result.err);
      continue;
    }
    INFO("golden case " << name << "; stderr: " << result.err);
    CHECK(result.out == synops::testing::slurp(dir / "expected.out"));
    CHECK(std::to_string(result.exit_code) + "\n" == synops::testing::slurp(dir / "expected.code"));
    if (fs::exists(dir / "expected.err")) CHECK(result.err == synops::testing::slurp(dir / "expected.err"));
  }
}
