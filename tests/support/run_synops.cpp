#include "run_synops.h"
#include "slurp.h"

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace synops::testing {

namespace {

// 2023-11-14T22:13:20Z: the creation time of every plan the binary makes here (created_at),
// so two runs, and the golden files, do not differ by the clock.
const std::string kFixedTime = "1700000000";

}  // namespace

RunResult run_synops(const std::string& arguments) {
  const auto dir = std::filesystem::temp_directory_path() / ("synops-run-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string command = std::string("cd '") + SYNOPS_SOURCE_DIR + "' && NO_COLOR=1 SOURCE_DATE_EPOCH=" + kFixedTime + " '" + SYNOPS_BINARY + "' " +
                              arguments + " >'" + (dir / "out").string() + "' 2>'" + (dir / "err").string() + "'";
  const int status = std::system(command.c_str());
  RunResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = slurp(dir / "out");
  result.err = slurp(dir / "err");
  std::filesystem::remove_all(dir);
  return result;
}

}  // namespace synops::testing
